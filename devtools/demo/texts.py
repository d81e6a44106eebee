"""Vietnamese titles and descriptions for demo incidents, built from templates per indicator and group.

Templates use {dossier}, {task}, {topic}, {project}, {place} slots filled from short lists below, so a million
incidents read differently without any of them being real.
"""

import datetime as dt
import random
import unicodedata

DOSSIERS = (
    "cấp giấy chứng nhận quyền sử dụng đất",
    "đăng ký biến động đất đai",
    "cấp giấy phép xây dựng nhà ở riêng lẻ",
    "chứng thực hợp đồng, giao dịch",
    "đăng ký khai sinh",
    "đăng ký kết hôn",
    "trích lục hộ tịch",
    "đăng ký hộ kinh doanh",
    "hưởng trợ cấp xã hội",
    "xác nhận tình trạng nhà ở",
    "cấp đổi giấy chứng nhận",
    "hỗ trợ hộ nghèo",
    "chuyển mục đích sử dụng đất",
    "đăng ký thường trú",
)
TASKS = (
    "giải phóng mặt bằng dự án đường liên xã",
    "xử lý vi phạm trật tự xây dựng",
    "chuyển đổi số cấp xã",
    "thu hồi đất dự án khu dân cư",
    "kiểm tra an toàn thực phẩm",
    "phòng cháy, chữa cháy khu dân cư",
    "xử lý lấn chiếm vỉa hè, lòng đường",
    "thu gom, xử lý rác thải",
    "cải tạo chung cư cũ",
    "rà soát hộ nghèo, cận nghèo",
    "quản lý đê điều",
    "bảo vệ hành lang giao thông",
)
TOPICS = (
    "ranh giới sử dụng đất",
    "ô nhiễm môi trường từ cơ sở sản xuất",
    "bồi thường giải phóng mặt bằng",
    "tiếng ồn công trình xây dựng",
    "ngập úng cục bộ",
    "cấp nước sạch",
    "trật tự đô thị",
    "xây dựng trái phép trên đất nông nghiệp",
    "chế độ chính sách người có công",
)
PROJECTS = (
    "dự án cải tạo trường tiểu học",
    "giải ngân vốn đầu tư công",
    "số hóa hồ sơ hộ tịch",
    "dự án nâng cấp đường giao thông nông thôn",
    "xây dựng nhà văn hóa thôn",
    "cải tạo hệ thống thoát nước",
    "chỉnh trang đô thị tuyến phố chính",
    "dự án trạm y tế",
)
PLACES = ("bộ phận một cửa", "văn phòng UBND", "trụ sở tiếp công dân", "cuộc họp giao ban", "địa bàn dân cư")

# Per indicator code: title templates. Codes of other frameworks fall back to their group's templates.
TITLES: dict[str, tuple[str, ...]] = {
    "CT24-01": (
        "Vi phạm quy định những điều đảng viên không được làm",
        "Nhận quà biếu không đúng quy định dịp lễ, Tết",
    ),
    "CT24-02": (
        "Phát ngôn, ứng xử thiếu chuẩn mực trên mạng xã hội",
        "Vi phạm quy tắc ứng xử của cán bộ, công chức",
    ),
    "CT24-03": (
        "Chậm khắc phục khuyết điểm đã được chỉ ra sau kiểm điểm",
        "Không khắc phục tồn tại sau kiểm tra về {task}",
    ),
    "CT24-04": (
        "Buông lỏng kiểm tra, giám sát phòng, chống tham nhũng, tiêu cực",
        "Không kiểm tra việc thực hiện {task} ở cấp dưới",
    ),
    "CT24-05": (
        "Chậm xử lý biểu hiện tiêu cực trong {task}",
        "Không kịp thời phát hiện sai phạm trong {project}",
    ),
    "CT24-06": ("Gây mất đoàn kết nội bộ", "Vi phạm nguyên tắc tập trung dân chủ khi quyết định {task}"),
    "CT24-07": (
        "Không chấp hành chỉ đạo của cấp trên về {task}",
        "Chấp hành không nghiêm văn bản chỉ đạo về {task}",
    ),
    "CT24-08": (
        "Đi muộn, về sớm, làm việc riêng trong giờ hành chính",
        "Uống rượu, bia trong giờ làm việc",
        "Vắng mặt tại {place} trong giờ làm việc",
    ),
    "CT24-09": (
        "Đùn đẩy, né tránh trách nhiệm khi giải quyết {task}",
        "Né tránh trách nhiệm trong xử lý hồ sơ {dossier}",
    ),
    "CT24-10": (
        "Không dám đề xuất phương án xử lý {task}",
        "Không quyết định việc thuộc thẩm quyền về {task}",
    ),
    "CT24-11": ("Đẩy việc lên cấp trên đối với {task}", "Xin ý kiến không cần thiết về hồ sơ {dossier}"),
    "CT24-12": ("Tham mưu chậm, thiếu chủ động về {task}", "Tham mưu không đúng quy định về {project}"),
    "CT24-13": (
        "Giải quyết hồ sơ {dossier} quá hạn",
        "Chậm trả kết quả hồ sơ {dossier} tại bộ phận một cửa",
        "Hồ sơ {dossier} bị trả lại không đúng quy định",
    ),
    "CT24-14": (
        "Chậm trả lời đơn kiến nghị của công dân về {topic}",
        "Không trả lời văn bản đề nghị của doanh nghiệp về {topic}",
    ),
    "CT24-15": ("Phối hợp thiếu chặt chẽ trong {task}", "Không cử người phối hợp kiểm tra {task}"),
    "CT24-16": (
        "Chậm tiến độ {project}",
        "Không hoàn thành nhiệm vụ {task} đúng hạn",
        "Chất lượng thực hiện {project} không bảo đảm",
    ),
    "CT24-17": ("Không xử lý vi phạm trật tự xây dựng trên địa bàn", "Né tránh va chạm trong {task}"),
    "CT24-18": (
        "Gây phiền hà khi giải quyết hồ sơ {dossier}",
        "Yêu cầu bổ sung giấy tờ không đúng quy định với hồ sơ {dossier}",
    ),
    "CT24-19": (
        "Thái độ thiếu chuẩn mực khi tiếp công dân",
        "Lời nói không đúng mực với người dân tại {place}",
    ),
    "CT24-20": ("Lợi dụng chức vụ để trục lợi trong {task}", "Vụ lợi khi thẩm định hồ sơ {dossier}"),
    "CT24-21": ("Buông lỏng quản lý để cấp dưới vi phạm trong {task}", "Thiếu kiểm tra, đôn đốc {project}"),
    "CT24-22": ("Chậm xử lý cán bộ thuộc quyền vi phạm", "Bao che sai phạm của cán bộ trong {task}"),
    "CT24-23": (
        "Người đứng đầu thiếu gương mẫu trong chấp hành kỷ luật",
        "Người đứng đầu không nêu gương trong {task}",
    ),
    "CT24-24": (
        "Chậm thực hiện kết luận thanh tra về {task}",
        "Không thực hiện kiến nghị kiểm toán về {project}",
    ),
    "CT24-25": ("Để xảy ra khiếu nại đông người về {topic}", "Khiếu nại kéo dài, vượt cấp về {topic}"),
}
GROUP_TITLES: dict[int, tuple[str, ...]] = {
    1: ("Vi phạm kỷ cương, kỷ luật tại {place}",),
    2: ("Thiếu trách nhiệm trong giải quyết {task}",),
    3: ("Vi phạm đạo đức công vụ khi giải quyết hồ sơ {dossier}",),
}
GROUP_DETAILS: dict[int, tuple[str, ...]] = {
    1: (
        "Cán bộ liên quan chưa nghiêm túc chấp hành quy định, ảnh hưởng đến uy tín của cơ quan.",
        "Qua kiểm tra đột xuất, đoàn kiểm tra ghi nhận {n} lần vi phạm trong tháng.",
        "Vụ việc gây dư luận không tốt trong nhân dân trên địa bàn.",
    ),
    2: (
        "Có {n} hồ sơ, văn bản quá hạn so với thời hạn quy định; người dân phải đi lại nhiều lần.",
        "Việc chậm trễ kéo dài {n} ngày làm ảnh hưởng đến tiến độ chung của đơn vị.",
        "Đơn vị chưa chủ động báo cáo, giải trình nguyên nhân chậm trễ.",
    ),
    3: (
        "Người dân phản ánh {n} trường hợp bị gây khó khăn khi liên hệ công việc.",
        "Người đứng đầu chưa kịp thời chấn chỉnh, để vi phạm lặp lại {n} lần.",
        "Vụ việc làm giảm niềm tin của người dân đối với chính quyền cơ sở.",
    ),
}
SOURCE_PHRASES = {
    "inspection": "qua kiểm tra, giám sát",
    "petition": "qua đơn phản ánh của công dân",
    "press": "qua thông tin báo chí phản ánh",
    "self_review": "qua tự kiểm điểm của đơn vị",
    "audit": "qua thanh tra, kiểm toán",
    "other": "qua thông tin từ đường dây nóng",
}
SEVERITY_LABELS = {
    "minor": "ít nghiêm trọng",
    "serious": "nghiêm trọng",
    "very_serious": "rất nghiêm trọng",
    "extremely_serious": "đặc biệt nghiêm trọng",
}
_KIND_PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Phường", "Huyện", "Quận", "Xã")


def in_sentence(unit_name: str) -> str:
    """'Xã Phúc Thịnh' → 'xã Phúc Thịnh': Vietnamese writes the kind in lower case inside a sentence."""
    for prefix in _KIND_PREFIXES:
        if unit_name.startswith(prefix + " "):
            return prefix.lower() + unit_name[len(prefix) :]
    return unit_name


class TextMaker:
    """Fills title and description templates from one random stream, and folds them for search.

    Folding (units.text.fold) is per character, so the folded text is assembled from cached folds of the
    pieces: a million descriptions are never folded character by character.
    """

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._folds: dict[str, str] = {}

    def _pick(self, options: tuple[str, ...]) -> str:
        return options[int(self._rng.random() * len(options))]

    def _fill(self, template: str) -> str:
        if "{" not in template:
            return template
        pick = self._pick
        return template.format(
            dossier=pick(DOSSIERS),
            task=pick(TASKS),
            topic=pick(TOPICS),
            project=pick(PROJECTS),
            place=pick(PLACES),
        )

    def title(self, code: str, group: int) -> str:
        templates = TITLES.get(code) or GROUP_TITLES.get(group) or GROUP_TITLES[1]
        return self._fill(self._pick(templates))[:200]

    def description(
        self,
        title: str,
        group: int,
        codes: list[str],
        unit_name: str,
        detected: dt.date,
        source: str,
        severity: str,
    ) -> tuple[str, str]:
        """The description, and fold(f"{title} {description}") as Incident.search_folded stores it."""
        detail = self._pick(GROUP_DETAILS.get(group, GROUP_DETAILS[1])).format(
            n=2 + int(self._rng.random() * 15)
        )
        pieces = (
            "Ngày ", f"{detected:%d/%m/%Y}", ", ", SOURCE_PHRASES.get(source, "qua kiểm tra"),
            ", phát hiện tại ", in_sentence(unit_name), ": ", title[0].lower() + title[1:], ". ", detail,
            " Biểu hiện theo Khung nhận diện: ", ", ".join(codes), ". Mức độ ban đầu: ",
            SEVERITY_LABELS.get(severity, severity), ".",
        )  # fmt: skip
        folds = self._folds
        for piece in pieces:
            if piece not in folds:
                folds[piece] = strip_marks(piece)
        if title not in folds:
            folds[title] = strip_marks(title)
        folded = folds[title] + " " + "".join([folds[piece] for piece in pieces])
        return "".join(pieces), " ".join(folded.split())


def strip_marks(text: str) -> str:
    """units.text.fold without its whitespace collapsing, so that folds of pieces can be concatenated."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
