"""Vietnamese personal names for demo officials, weighted roughly as they occur in northern Vietnam.

Surname shares follow the commonly quoted national figures (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 % …), nudged
towards the North (Huỳnh and Võ are mostly southern spellings, so they are rarer here).
"""

import random
from bisect import bisect
from itertools import accumulate

SURNAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 5.0),
    ("Phan", 4.0),
    ("Vũ", 4.5),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 2.0),
    ("Hồ", 1.2),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Huỳnh", 0.4),
    ("Võ", 0.4),
    ("Đinh", 1.2),
    ("Trịnh", 1.0),
    ("Đào", 0.9),
    ("Lương", 0.6),
    ("Mai", 0.5),
    ("Tạ", 0.5),
    ("Lại", 0.3),
    ("Chu", 0.4),
    ("Nghiêm", 0.3),
    ("Khuất", 0.3),
    ("Kiều", 0.3),
    ("Cao", 0.5),
    ("Hà", 0.5),
    ("Tô", 0.3),
    ("Lưu", 0.4),
    ("Doãn", 0.2),
    ("Quách", 0.2),
)

MALE_MIDDLE: tuple[tuple[str, float], ...] = (
    ("Văn", 30.0),
    ("Đức", 10.0),
    ("Minh", 9.0),
    ("Quang", 7.0),
    ("Hữu", 6.0),
    ("Công", 5.0),
    ("Xuân", 4.0),
    ("Mạnh", 3.0),
    ("Thanh", 4.0),
    ("Ngọc", 3.0),
    ("Tuấn", 3.0),
    ("Hoàng", 3.0),
    ("Duy", 3.0),
    ("Trung", 2.0),
    ("Anh", 2.0),
    ("Việt", 2.0),
    ("Thế", 2.0),
    ("Tiến", 2.0),
    ("Bá", 1.5),
    ("Đình", 3.0),
    ("Quốc", 3.0),
)

FEMALE_MIDDLE: tuple[tuple[str, float], ...] = (
    ("Thị", 45.0),
    ("Thu", 7.0),
    ("Ngọc", 7.0),
    ("Thanh", 6.0),
    ("Minh", 4.0),
    ("Phương", 4.0),
    ("Hồng", 4.0),
    ("Thùy", 4.0),
    ("Mai", 2.0),
    ("Lan", 2.0),
    ("Kim", 2.0),
    ("Diệu", 1.5),
    ("Hải", 2.0),
    ("Bích", 2.0),
    ("Thúy", 2.0),
    ("Khánh", 1.5),
    ("Quỳnh", 1.5),
    ("Hương", 1.5),
)

MALE_GIVEN: tuple[str, ...] = (
    "An",
    "Anh",
    "Bình",
    "Cường",
    "Chiến",
    "Dũng",
    "Duy",
    "Đạt",
    "Đông",
    "Đức",
    "Giang",
    "Hải",
    "Hiếu",
    "Hiển",
    "Hoàng",
    "Hùng",
    "Huy",
    "Hưng",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Linh",
    "Long",
    "Lộc",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Ngọc",
    "Phong",
    "Phúc",
    "Phương",
    "Quang",
    "Quân",
    "Quý",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thành",
    "Thịnh",
    "Thông",
    "Tiến",
    "Toàn",
    "Trung",
    "Trường",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
    "Hòa",
    "Hậu",
    "Khải",
)

FEMALE_GIVEN: tuple[str, ...] = (
    "Anh",
    "Chi",
    "Dung",
    "Diệp",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Huệ",
    "Huyền",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Ly",
    "Mai",
    "Minh",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhàn",
    "Nhung",
    "Oanh",
    "Phương",
    "Quỳnh",
    "Tâm",
    "Thanh",
    "Thảo",
    "Thơ",
    "Thu",
    "Thủy",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
    "Hậu",
    "Lụa",
    "Duyên",
)


class NameMaker:
    """Draws full names from one random stream; the tables are fixed, so a seed fixes every name."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._surnames = [name for name, _ in SURNAMES]
        self._surname_cum = list(accumulate(weight for _, weight in SURNAMES))
        self._male_mid = [name for name, _ in MALE_MIDDLE]
        self._male_mid_cum = list(accumulate(weight for _, weight in MALE_MIDDLE))
        self._female_mid = [name for name, _ in FEMALE_MIDDLE]
        self._female_mid_cum = list(accumulate(weight for _, weight in FEMALE_MIDDLE))

    def full_name(self, female: bool) -> str:
        rng = self._rng
        surname = self._surnames[bisect(self._surname_cum, rng.random() * self._surname_cum[-1])]
        if female:
            middle = self._female_mid[bisect(self._female_mid_cum, rng.random() * self._female_mid_cum[-1])]
            given = FEMALE_GIVEN[int(rng.random() * len(FEMALE_GIVEN))]
        else:
            middle = self._male_mid[bisect(self._male_mid_cum, rng.random() * self._male_mid_cum[-1])]
            given = MALE_GIVEN[int(rng.random() * len(MALE_GIVEN))]
        if middle == given:  # "Nguyễn Minh Minh" is not a name anyone is given
            middle = "Thị" if female else "Văn"
        return f"{surname} {middle} {given}"


def national_id(rng: random.Random, birth_year: int, female: bool) -> str:
    """A 12-digit citizen number shaped like Hanoi's: province 001, century/sex digit, year, six digits."""
    century_sex = (0 if birth_year < 2000 else 2) + (1 if female else 0)
    return f"001{century_sex}{birth_year % 100:02d}{int(rng.random() * 1_000_000):06d}"
