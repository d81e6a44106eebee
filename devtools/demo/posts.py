"""Posts held in Hanoi's units, by level and staff category, for demo assignments.

Leadership posts come first in a unit's staffing order; the rest is drawn by category. Commune posts before
7/2025 follow the commune civil-servant titles of Decree 33/2023; after 7/2025 the new communes have
specialised divisions (Văn phòng HĐND và UBND, Phòng Kinh tế, Phòng Văn hóa - Xã hội).
"""

from dataclasses import dataclass

from officials.models import Category

HEAD = "head"
DEPUTY = "deputy"
LEADER = "leader"  # leadership that is neither the head nor a deputy (Party secretary, mass organisations)
STAFF = "staff"

COMMUNE_OLD = "commune_old"
COMMUNE_NEW = "commune_new"
DISTRICT = "district"
CITY = "city"


@dataclass(frozen=True, slots=True)
class Post:
    title: str
    category: str
    kind: str = STAFF

    @property
    def is_head(self) -> bool:
        return self.kind == HEAD

    @property
    def is_deputy(self) -> bool:
        return self.kind == DEPUTY


CB, CC, VC, HD = (
    Category.CAN_BO.value,
    Category.CONG_CHUC.value,
    Category.VIEN_CHUC.value,
    Category.HOP_DONG.value,
)

HEAD_POSTS = {
    COMMUNE_OLD: Post("Chủ tịch UBND", CB, HEAD),
    COMMUNE_NEW: Post("Chủ tịch UBND", CB, HEAD),
    DISTRICT: Post("Chủ tịch UBND", CB, HEAD),
    CITY: Post("Chủ tịch UBND Thành phố", CB, HEAD),
}
DEPUTY_POSTS = {
    COMMUNE_OLD: Post("Phó Chủ tịch UBND", CB, DEPUTY),
    COMMUNE_NEW: Post("Phó Chủ tịch UBND", CB, DEPUTY),
    DISTRICT: Post("Phó Chủ tịch UBND", CB, DEPUTY),
    CITY: Post("Phó Chủ tịch UBND Thành phố", CB, DEPUTY),
}
DEPUTY_COUNT = {COMMUNE_OLD: 2, COMMUNE_NEW: 3, DISTRICT: 3, CITY: 3}
PARTY_SECRETARY = {
    COMMUNE_OLD: "Bí thư Đảng ủy",
    COMMUNE_NEW: "Bí thư Đảng ủy",
    DISTRICT: "Bí thư Đảng ủy",  # replaced by Huyện ủy / Quận ủy / Thị ủy from the unit's kind
    CITY: "Bí thư Thành ủy",
}
DISTRICT_PARTY_BODY = {"huyen": "Huyện ủy", "quan": "Quận ủy", "thi_xa": "Thị ủy"}

# After the head, the secretary and the deputies, a commune's remaining elected posts (Decree 33/2023).
OTHER_LEADERS = {
    COMMUNE_OLD: (
        Post("Phó Bí thư Đảng ủy", CB, LEADER),
        Post("Chủ tịch Ủy ban MTTQ Việt Nam", CB, LEADER),
        Post("Bí thư Đoàn Thanh niên", CB, LEADER),
        Post("Chủ tịch Hội Liên hiệp Phụ nữ", CB, LEADER),
        Post("Chủ tịch Hội Cựu chiến binh", CB, LEADER),
        Post("Chủ tịch Hội Nông dân", CB, LEADER),
    ),
    COMMUNE_NEW: (
        Post("Phó Bí thư Đảng ủy", CB, LEADER),
        Post("Chủ tịch Ủy ban MTTQ Việt Nam", CB, LEADER),
        Post("Chủ tịch HĐND", CB, LEADER),
    ),
    DISTRICT: (Post("Phó Bí thư", CB, LEADER), Post("Chủ tịch HĐND", CB, LEADER)),
    CITY: (Post("Phó Bí thư Thành ủy", CB, LEADER),),
}

STAFF_POSTS: dict[str, dict[str, tuple[str, ...]]] = {
    COMMUNE_OLD: {
        CC: (
            "Công chức Văn phòng - Thống kê",
            "Công chức Địa chính - Xây dựng",
            "Công chức Tư pháp - Hộ tịch",
            "Công chức Tài chính - Kế toán",
            "Công chức Văn hóa - Xã hội",
            "Chỉ huy trưởng Ban Chỉ huy Quân sự",
            "Chuyên viên",
        ),
        CB: (
            "Phó Chủ tịch Ủy ban MTTQ Việt Nam",
            "Phó Bí thư Đoàn Thanh niên",
            "Cán bộ Hội Liên hiệp Phụ nữ",
            "Cán bộ Văn phòng Đảng ủy",
        ),
        VC: ("Viên chức Trạm Y tế", "Viên chức Trường Mầm non", "Viên chức Nhà văn hóa"),
        HD: ("Nhân viên hợp đồng", "Nhân viên bảo vệ (hợp đồng)", "Nhân viên văn thư (hợp đồng)"),
    },
    COMMUNE_NEW: {
        CC: (
            "Chuyên viên Văn phòng HĐND và UBND",
            "Chuyên viên Phòng Kinh tế",
            "Chuyên viên Phòng Văn hóa - Xã hội",
            "Công chức Tư pháp - Hộ tịch",
            "Phó Trưởng phòng Kinh tế",
            "Chuyên viên",
        ),
        CB: (
            "Chuyên viên Văn phòng Đảng ủy",
            "Chuyên viên Ban Xây dựng Đảng",
            "Chuyên viên Ủy ban Kiểm tra Đảng ủy",
            "Cán bộ Ủy ban MTTQ Việt Nam",
        ),
        VC: (
            "Viên chức Trung tâm Phục vụ hành chính công",
            "Viên chức Trung tâm Cung ứng dịch vụ công",
            "Viên chức Trạm Y tế",
        ),
        HD: ("Nhân viên hợp đồng", "Nhân viên bảo vệ (hợp đồng)"),
    },
    DISTRICT: {
        CC: (
            "Chuyên viên Phòng Nội vụ",
            "Chuyên viên Phòng Tài chính - Kế hoạch",
            "Chuyên viên Phòng Tài nguyên và Môi trường",
            "Chuyên viên Phòng Quản lý đô thị",
            "Chuyên viên Văn phòng HĐND và UBND",
            "Chuyên viên Phòng Tư pháp",
            "Thanh tra viên",
            "Trưởng phòng Nội vụ",
            "Phó Trưởng phòng Tài nguyên và Môi trường",
            "Chuyên viên",
        ),
        CB: (
            "Chuyên viên Ban Tổ chức",
            "Chuyên viên Ủy ban Kiểm tra",
            "Chuyên viên Ban Tuyên giáo",
            "Cán bộ Ủy ban MTTQ Việt Nam",
        ),
        VC: (
            "Viên chức Ban Quản lý dự án đầu tư xây dựng",
            "Viên chức Trung tâm Phát triển quỹ đất",
            "Viên chức Trung tâm Y tế",
        ),
        HD: ("Nhân viên hợp đồng", "Lái xe (hợp đồng)"),
    },
    CITY: {
        CC: (
            "Chuyên viên Văn phòng UBND Thành phố",
            "Chuyên viên Sở Nội vụ",
            "Chuyên viên Sở Tài chính",
            "Thanh tra viên Thanh tra Thành phố",
            "Chuyên viên Sở Xây dựng",
            "Phó Trưởng phòng Sở Nội vụ",
        ),
        CB: (
            "Chuyên viên Ban Tổ chức Thành ủy",
            "Chuyên viên Ủy ban Kiểm tra Thành ủy",
            "Cán bộ Ủy ban MTTQ Việt Nam Thành phố",
        ),
        VC: ("Viên chức Trung tâm Phục vụ hành chính công Thành phố", "Viên chức Ban Quản lý dự án"),
        HD: ("Nhân viên hợp đồng", "Lái xe (hợp đồng)"),
    },
}

# Share of each category among the posts below leadership; with the leadership posts on top this gives
# roughly: công chức 55 %, cán bộ 20 %, viên chức 16 %, hợp đồng 9 %.
STAFF_CATEGORY_WEIGHTS: tuple[tuple[str, float], ...] = ((CC, 0.56), (CB, 0.18), (VC, 0.17), (HD, 0.09))
# Party membership by category; leadership posts are always held by Party members.
PARTY_MEMBER_SHARE = {CB: 0.98, CC: 0.90, VC: 0.80, HD: 0.45}


def party_secretary(profile: str, unit_kind: str) -> Post:
    title = PARTY_SECRETARY[profile]
    if profile == DISTRICT:
        title = f"Bí thư {DISTRICT_PARTY_BODY.get(unit_kind, 'Đảng ủy')}"
    return Post(title, CB, LEADER)


def leadership(profile: str, unit_kind: str) -> list[Post]:
    """Leadership posts in the order a unit fills them: head, secretary, deputies, other elected posts."""
    posts = [HEAD_POSTS[profile], party_secretary(profile, unit_kind)]
    posts += [DEPUTY_POSTS[profile]] * DEPUTY_COUNT[profile]
    posts += list(OTHER_LEADERS[profile])
    return posts
