"""What the demo's files say: the body of each procedure, instruction, form and policy of
a provincial Department of Education and Training, as data.

A procedure (QT) follows the structure Vietnamese agencies use for TCVN ISO 9001:2015
documents: 1. Mục đích, 2. Phạm vi, 3. Tài liệu viện dẫn, 4. Thuật ngữ và chữ viết tắt,
5. Nội dung (conditions, dossier, time, fees, then a steps table: bước, trách nhiệm, thời
gian, biểu mẫu), 6. Hồ sơ lưu. Each document's text comes from its own data below, so no
two files say the same thing. ``demo.document_files`` turns these blocks into PDF, DOCX or
a scanned-looking PDF.
"""

from dataclasses import dataclass, field

AGENCY = "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
PARENT = "ỦY BAN NHÂN DÂN TỈNH"
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Who wrote, checked and approved the demo's procedures (the demo users of documents.py).
PREPARED = ("Lê Thị Hoa", "Chuyên viên")
CHECKED = ("Phạm Quang Minh", "Trưởng phòng Tổ chức cán bộ")
APPROVED = ("Trần Văn Hùng", "Phó Giám đốc Sở")

COMMON_TERMS = [
    ("SGDĐT", "Sở Giáo dục và Đào tạo"),
    ("TTHC", "Thủ tục hành chính"),
    ("BPMC", "Bộ phận tiếp nhận và trả kết quả (bộ phận một cửa)"),
    ("HTQLCL", "Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015"),
]
ONE_STOP_REFS = [
    "TCVN ISO 9001:2015 Hệ thống quản lý chất lượng – Các yêu cầu",
    "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, "
    "một cửa liên thông trong giải quyết thủ tục hành chính",
    "Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP",
]


# --- Blocks: what every renderer draws ----------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    centred: bool = False
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()  # relative column widths


@dataclass(frozen=True)
class Field:
    """A form field: its label followed by a dotted line to write on."""

    label: str
    lines: int = 1


@dataclass(frozen=True)
class Signatures:
    """Side by side signature boxes: (title, hint, name)."""

    boxes: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Doc:
    title: str
    blocks: tuple
    kind_label: str = "QUY TRÌNH"  # the word above the title
    # Forms and external documents carry the national heading instead of the agency's
    # title block; an external document shows its issuer's title, not the register's.
    form: bool = False
    external: bool = False

    @property
    def heading(self) -> str:
        """The title under the kind: "QUY TRÌNH" over "Cấp bản sao …", not "Quy trình" twice."""
        first, _space, rest = self.title.partition(" ")
        second, _space, rest_after = rest.partition(" ")
        if f"{first} {second}".upper() == self.kind_label and rest_after:
            return rest_after[0].upper() + rest_after[1:]
        return self.title


# --- Procedures ---------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    detail: str
    responsible: str
    time: str
    form: str = "—"


@dataclass(frozen=True)
class ProcedureText:
    purpose: str
    scope: str
    references: tuple[str, ...]
    terms: tuple[tuple[str, str], ...]
    steps: tuple[Step, ...]
    records: tuple[tuple[str, str, str], ...]  # record, where kept, how long
    conditions: tuple[str, ...] = ()
    dossier: tuple[str, ...] = ()  # components of an administrative procedure's dossier
    time_limit: str = ""
    fee: str = ""
    place: str = ""
    general: tuple[str, ...] = ()  # internal procedures: general requirements
    one_stop: bool = True  # an administrative procedure received at the one-stop desk
    revisions: tuple[str, ...] = ()  # what each later revision changed (02, 03, ...)


PROCEDURES: dict[str, ProcedureText] = {
    "Quy trình kiểm soát tài liệu": ProcedureText(
        purpose=(
            "Quy định thống nhất cách thức biên soạn, kiểm tra, phê duyệt, ban hành, phân phối, "
            "sửa đổi và thu hồi tài liệu của Hệ thống quản lý chất lượng, bảo đảm mọi đơn vị luôn "
            "sử dụng đúng phiên bản tài liệu đang có hiệu lực."
        ),
        scope=(
            "Áp dụng cho toàn bộ tài liệu nội bộ (sổ tay chất lượng, chính sách, mục tiêu, quy trình, "
            "hướng dẫn, biểu mẫu) và tài liệu có nguồn gốc bên ngoài được sử dụng tại các phòng, "
            "đơn vị thuộc Sở Giáo dục và Đào tạo."
        ),
        references=(
            "TCVN ISO 9001:2015, điều khoản 7.5 Thông tin dạng văn bản",
            "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư",
            "Sổ tay chất lượng của Sở Giáo dục và Đào tạo",
        ),
        terms=(
            ("Tài liệu", "Thông tin dạng văn bản mà tổ chức cần kiểm soát và duy trì"),
            ("Ban QMS", "Cán bộ đầu mối Hệ thống quản lý chất lượng thuộc Văn phòng Sở"),
            ("Danh mục tài liệu", "Danh sách tài liệu có hiệu lực kèm lần ban hành hiện hành"),
        ),
        general=(
            "Mỗi tài liệu có mã số duy nhất theo quy tắc: loại tài liệu – đơn vị – số thứ tự (ví dụ QT-VP-01).",
            "Tài liệu chỉ được ban hành sau khi được xem xét và phê duyệt bằng chữ ký điện tử.",
            "Tài liệu hết hiệu lực được đóng dấu hoặc gắn nhãn “LỖI THỜI” và rút khỏi nơi sử dụng.",
            "Tài liệu được xem xét định kỳ ít nhất 12 tháng một lần.",
        ),
        steps=(
            Step(
                "Đề xuất biên soạn, sửa đổi",
                "Đơn vị có nhu cầu lập phiếu đề nghị, nêu rõ lý do và nội dung cần biên soạn hoặc sửa đổi.",
                "Trưởng đơn vị",
                "1 ngày",
                "BM-VP-01",
            ),
            Step(
                "Biên soạn dự thảo",
                "Người được giao biên soạn dự thảo theo cấu trúc thống nhất; lấy ý kiến đơn vị liên quan.",
                "Chuyên viên được giao",
                "5 ngày",
            ),
            Step(
                "Xem xét nội dung",
                "Trưởng phòng xem xét sự phù hợp với quy định hiện hành và yêu cầu của tiêu chuẩn.",
                "Trưởng phòng",
                "2 ngày",
            ),
            Step(
                "Phê duyệt, ban hành",
                "Lãnh đạo Sở phê duyệt; Ban QMS cấp mã số, ghi lần ban hành và ngày hiệu lực.",
                "Lãnh đạo Sở, Ban QMS",
                "2 ngày",
            ),
            Step(
                "Phân phối, thông báo",
                "Ban QMS phân phối tài liệu đến các đơn vị trong danh sách; người đọc xác nhận đã đọc.",
                "Ban QMS",
                "1 ngày",
                "Danh mục tài liệu",
            ),
            Step(
                "Thu hồi tài liệu lỗi thời",
                "Thu hồi bản cũ, lưu một bản có nhãn “LỖI THỜI” để tham khảo.",
                "Ban QMS",
                "1 ngày",
            ),
        ),
        records=(
            ("Phiếu đề nghị biên soạn, sửa đổi tài liệu", "Văn phòng Sở", "03 năm"),
            ("Danh mục tài liệu nội bộ và bên ngoài", "Văn phòng Sở", "Đến khi thay thế"),
            ("Bản gốc tài liệu đã ban hành", "Văn phòng Sở", "Lâu dài"),
        ),
        one_stop=False,
        revisions=("Bổ sung quy định về chữ ký điện tử khi phê duyệt và xác nhận đã đọc tài liệu",),
    ),
    "Quy trình kiểm soát hồ sơ": ProcedureText(
        purpose=(
            "Quy định việc nhận biết, bảo quản, bảo vệ, truy cập, thời gian lưu giữ và hủy bỏ hồ sơ "
            "chất lượng, làm bằng chứng cho sự phù hợp của Hệ thống quản lý chất lượng."
        ),
        scope="Áp dụng cho mọi hồ sơ phát sinh khi thực hiện các quy trình của Hệ thống quản lý chất lượng.",
        references=(
            "TCVN ISO 9001:2015, điều khoản 7.5.3 Kiểm soát thông tin dạng văn bản",
            "Nghị định số 30/2020/NĐ-CP về công tác văn thư",
        ),
        terms=(
            ("Hồ sơ", "Thông tin dạng văn bản cung cấp bằng chứng về các hoạt động đã thực hiện"),
            ("Thời gian lưu", "Khoảng thời gian hồ sơ phải được giữ trước khi xem xét hủy"),
        ),
        general=(
            "Hồ sơ phải rõ ràng, dễ nhận biết và dễ truy tìm; được sắp xếp theo năm và theo quy trình.",
            "Hồ sơ điện tử được sao lưu hằng tuần; hồ sơ giấy được lưu trong tủ có khóa.",
        ),
        steps=(
            Step(
                "Lập danh mục hồ sơ",
                "Mỗi đơn vị lập danh mục hồ sơ cần lưu theo từng quy trình, ghi rõ nơi lưu và thời gian lưu.",
                "Trưởng đơn vị",
                "Đầu năm",
                "BM-VP-02",
            ),
            Step(
                "Lưu trữ, bảo quản",
                "Sắp xếp hồ sơ vào cặp, hộp có nhãn; bảo đảm điều kiện chống ẩm, chống mất mát.",
                "Cán bộ được giao",
                "Thường xuyên",
            ),
            Step(
                "Truy cập, mượn hồ sơ",
                "Người cần sử dụng hồ sơ đề nghị và được Trưởng đơn vị đồng ý; ghi sổ mượn, trả.",
                "Người mượn",
                "Khi có nhu cầu",
                "Sổ theo dõi mượn hồ sơ",
            ),
            Step(
                "Xem xét hủy hồ sơ hết hạn",
                "Hội đồng xác định giá trị tài liệu xem xét; lập biên bản hủy hồ sơ hết thời hạn lưu.",
                "Hội đồng xác định giá trị tài liệu",
                "Cuối năm",
                "Biên bản hủy hồ sơ",
            ),
        ),
        records=(
            ("Danh mục hồ sơ của từng đơn vị", "Các phòng, đơn vị", "Đến khi thay thế"),
            ("Sổ theo dõi mượn hồ sơ", "Văn phòng Sở", "02 năm"),
            ("Biên bản hủy hồ sơ", "Văn phòng Sở", "Lâu dài"),
        ),
        one_stop=False,
    ),
    "Quy trình đánh giá nội bộ": ProcedureText(
        purpose=(
            "Quy định cách lập chương trình, chuẩn bị, thực hiện và báo cáo đánh giá nội bộ nhằm xác định "
            "Hệ thống quản lý chất lượng có phù hợp và được duy trì hiệu lực hay không."
        ),
        scope="Áp dụng cho các cuộc đánh giá nội bộ định kỳ và đột xuất tại tất cả các phòng thuộc Sở.",
        references=(
            "TCVN ISO 9001:2015, điều khoản 9.2 Đánh giá nội bộ",
            "TCVN ISO 19011:2018 Hướng dẫn đánh giá hệ thống quản lý",
        ),
        terms=(
            ("ĐGNB", "Đánh giá nội bộ"),
            ("Chuyên gia đánh giá", "Người đã qua đào tạo, được Giám đốc Sở giao thực hiện đánh giá"),
            ("Phát hiện", "Kết quả so sánh bằng chứng đánh giá với chuẩn mực đánh giá"),
        ),
        general=(
            "Đánh giá nội bộ được thực hiện ít nhất một lần mỗi năm, bao trùm mọi quá trình của hệ thống.",
            "Chuyên gia đánh giá không đánh giá công việc của chính mình.",
            "Điểm không phù hợp được xử lý theo Quy trình kiểm soát sự không phù hợp và hành động khắc phục.",
        ),
        steps=(
            Step(
                "Lập chương trình đánh giá năm",
                "Ban QMS lập chương trình đánh giá, trình Giám đốc Sở phê duyệt.",
                "Ban QMS",
                "Tháng 01",
                "Chương trình đánh giá",
            ),
            Step(
                "Thành lập đoàn, lập kế hoạch",
                "Trưởng đoàn lập kế hoạch, danh mục câu hỏi; thông báo cho đơn vị được đánh giá trước 05 ngày.",
                "Trưởng đoàn đánh giá",
                "5 ngày",
                "Kế hoạch đánh giá",
            ),
            Step(
                "Họp khai mạc, đánh giá tại chỗ",
                "Phỏng vấn, xem xét hồ sơ, quan sát; ghi nhận bằng chứng vào phiếu ghi chép.",
                "Đoàn đánh giá",
                "1–2 ngày",
                "Phiếu ghi chép đánh giá",
            ),
            Step(
                "Họp kết thúc, thống nhất phát hiện",
                "Trình bày phát hiện, thống nhất điểm không phù hợp với lãnh đạo đơn vị.",
                "Trưởng đoàn đánh giá",
                "0,5 ngày",
            ),
            Step(
                "Lập báo cáo đánh giá",
                "Trưởng đoàn lập và ký báo cáo; gửi đơn vị được đánh giá và Ban QMS.",
                "Trưởng đoàn đánh giá",
                "3 ngày",
                "Báo cáo đánh giá nội bộ",
            ),
            Step(
                "Theo dõi hành động khắc phục",
                "Kiểm tra việc thực hiện và hiệu lực của hành động khắc phục đã đề ra.",
                "Ban QMS",
                "Theo thời hạn khắc phục",
            ),
        ),
        records=(
            ("Chương trình, kế hoạch đánh giá nội bộ", "Văn phòng Sở", "03 năm"),
            ("Phiếu ghi chép và báo cáo đánh giá", "Văn phòng Sở", "03 năm"),
        ),
        one_stop=False,
        revisions=(
            "Bổ sung yêu cầu về tính độc lập của chuyên gia đánh giá",
            "Điều chỉnh thời hạn thông báo kế hoạch đánh giá từ 03 ngày lên 05 ngày",
        ),
    ),
    "Quy trình kiểm soát sự không phù hợp và hành động khắc phục": ProcedureText(
        purpose=(
            "Bảo đảm sự không phù hợp được nhận biết, kiểm soát, tìm nguyên nhân gốc rễ và có hành động "
            "khắc phục để không tái diễn."
        ),
        scope=(
            "Áp dụng cho sự không phù hợp phát hiện qua đánh giá nội bộ, phản ánh của tổ chức, cá nhân, "
            "theo dõi giải quyết hồ sơ trễ hạn và kết quả đo lường mục tiêu chất lượng."
        ),
        references=("TCVN ISO 9001:2015, điều khoản 8.7 và 10.2",),
        terms=(
            ("KPH", "Sự không phù hợp: việc không đáp ứng một yêu cầu"),
            ("HĐKP", "Hành động khắc phục: hành động loại bỏ nguyên nhân của sự không phù hợp"),
            ("Khắc phục tức thời", "Hành động xử lý ngay hậu quả của sự không phù hợp"),
        ),
        general=(
            "Mọi cán bộ, công chức có trách nhiệm báo cáo sự không phù hợp phát hiện được.",
            "Người kiểm tra hiệu lực hành động khắc phục không phải là người thực hiện hành động đó.",
        ),
        steps=(
            Step(
                "Ghi nhận sự không phù hợp",
                "Mô tả sự việc, nguồn phát hiện, điều khoản liên quan; báo cáo Trưởng đơn vị.",
                "Người phát hiện",
                "1 ngày",
                "Phiếu yêu cầu hành động khắc phục",
            ),
            Step(
                "Khắc phục tức thời",
                "Xử lý ngay hậu quả: liên hệ người dân, bổ sung hồ sơ, gửi thư xin lỗi nếu trễ hạn.",
                "Trưởng đơn vị",
                "2 ngày",
            ),
            Step(
                "Phân tích nguyên nhân gốc rễ",
                "Dùng phương pháp 5 câu hỏi tại sao hoặc biểu đồ xương cá để tìm nguyên nhân.",
                "Đơn vị có sự không phù hợp",
                "3 ngày",
            ),
            Step(
                "Đề xuất và thực hiện hành động khắc phục",
                "Xác định hành động, người thực hiện, thời hạn; Ban QMS theo dõi tiến độ.",
                "Người được giao",
                "Theo thời hạn đã duyệt",
            ),
            Step(
                "Kiểm tra hiệu lực, đóng hồ sơ",
                "Đánh giá hành động đã loại bỏ nguyên nhân; đóng hoặc mở lại sự không phù hợp.",
                "Ban QMS",
                "Sau 30 ngày",
            ),
        ),
        records=(
            ("Phiếu yêu cầu hành động khắc phục", "Văn phòng Sở", "03 năm"),
            ("Sổ theo dõi sự không phù hợp", "Văn phòng Sở", "03 năm"),
        ),
        one_stop=False,
    ),
    "Quy trình xử lý phản ánh, kiến nghị của tổ chức, cá nhân": ProcedureText(
        purpose=(
            "Quy định trình tự tiếp nhận, phân loại, xử lý và trả lời phản ánh, kiến nghị của tổ chức, "
            "cá nhân về quy định hành chính và việc giải quyết thủ tục hành chính của Sở."
        ),
        scope="Áp dụng cho phản ánh, kiến nghị gửi trực tiếp, qua bưu chính, điện thoại, thư điện tử và cổng dịch vụ công.",
        references=(
            "Nghị định số 20/2008/NĐ-CP về tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
            "Luật Tiếp công dân số 42/2013/QH13",
        ),
        terms=(
            ("PAKN", "Phản ánh, kiến nghị"),
            ("Thanh tra Sở", "Đơn vị đầu mối tiếp nhận và theo dõi xử lý phản ánh, kiến nghị"),
        ),
        general=(
            "Phản ánh, kiến nghị được vào sổ trong ngày tiếp nhận.",
            "Không tiếp nhận phản ánh, kiến nghị nặc danh hoặc không rõ nội dung.",
        ),
        steps=(
            Step(
                "Tiếp nhận, vào sổ",
                "Ghi nhận nội dung, thông tin liên hệ của tổ chức, cá nhân; chuyển Thanh tra Sở.",
                "Văn thư, BPMC",
                "Trong ngày",
                "Sổ tiếp nhận PAKN",
            ),
            Step(
                "Phân loại, đề xuất xử lý",
                "Xác định thẩm quyền; chuyển đơn vị chuyên môn hoặc hướng dẫn gửi cơ quan có thẩm quyền.",
                "Thanh tra Sở",
                "3 ngày",
            ),
            Step(
                "Xác minh, dự thảo văn bản trả lời",
                "Đơn vị chuyên môn kiểm tra nội dung, làm việc với các bên liên quan, dự thảo trả lời.",
                "Phòng chuyên môn",
                "7 ngày",
            ),
            Step(
                "Ký, gửi văn bản trả lời",
                "Lãnh đạo Sở ký; văn thư phát hành và công khai kết quả trên trang thông tin điện tử.",
                "Lãnh đạo Sở, Văn thư",
                "2 ngày",
            ),
        ),
        records=(
            ("Sổ tiếp nhận phản ánh, kiến nghị", "Thanh tra Sở", "05 năm"),
            ("Văn bản trả lời và hồ sơ xác minh", "Thanh tra Sở", "05 năm"),
        ),
        one_stop=False,
    ),
    "Quy trình cấp bản sao văn bằng, chứng chỉ từ sổ gốc": ProcedureText(
        purpose=(
            "Quy định trình tự, thời hạn giải quyết thủ tục cấp bản sao văn bằng, chứng chỉ từ sổ gốc "
            "cấp văn bằng, chứng chỉ do Sở Giáo dục và Đào tạo quản lý."
        ),
        scope=(
            "Áp dụng cho người được cấp văn bằng, chứng chỉ (bằng tốt nghiệp trung học phổ thông, "
            "chứng chỉ ngoại ngữ, tin học) hoặc người được ủy quyền; Phòng Khảo thí và Kiểm định chất "
            "lượng giáo dục, bộ phận một cửa của Sở."
        ),
        references=(
            *ONE_STOP_REFS,
            "Nghị định số 23/2015/NĐ-CP ngày 16/02/2015 về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính",
            "Thông tư số 21/2019/TT-BGDĐT ngày 29/11/2019 ban hành Quy chế quản lý bằng tốt nghiệp "
            "trung học cơ sở, bằng tốt nghiệp trung học phổ thông, văn bằng giáo dục đại học và chứng chỉ",
        ),
        terms=(("Sổ gốc", "Sổ gốc cấp văn bằng, chứng chỉ do cơ quan có thẩm quyền lập khi cấp bản chính"),),
        conditions=(
            "Người đề nghị có tên trong sổ gốc cấp văn bằng, chứng chỉ do Sở quản lý.",
            "Người nộp thay phải có giấy ủy quyền hoặc giấy tờ chứng minh quan hệ cha, mẹ, con, vợ, chồng.",
        ),
        dossier=(
            "Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc (theo mẫu)",
            "Bản chính hoặc bản sao có chứng thực giấy tờ tùy thân còn hiệu lực",
            "Giấy tờ chứng minh quan hệ hoặc giấy ủy quyền (nếu nộp thay)",
        ),
        time_limit=(
            "Ngay trong ngày làm việc tiếp nhận; trường hợp nhận sau 15 giờ thì trả kết quả trong ngày "
            "làm việc tiếp theo. Trường hợp phải tra cứu sổ gốc lưu trữ lâu năm: không quá 02 ngày làm việc."
        ),
        fee="3.000 đồng/bản sao; miễn cho người có công với cách mạng.",
        place="Bộ phận một cửa Sở Giáo dục và Đào tạo hoặc Cổng dịch vụ công của tỉnh.",
        steps=(
            Step(
                "Tiếp nhận hồ sơ",
                "Kiểm tra thành phần hồ sơ, đối chiếu giấy tờ tùy thân; lập phiếu tiếp nhận và hẹn trả kết quả.",
                "Công chức BPMC",
                "0,5 ngày",
                "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả",
            ),
            Step(
                "Tra cứu, đối chiếu sổ gốc",
                "Tìm sổ gốc theo năm tốt nghiệp, hội đồng thi; đối chiếu họ tên, ngày sinh, số hiệu văn bằng.",
                "Chuyên viên Phòng Khảo thí",
                "0,5 ngày",
                "Phiếu đề xuất cấp bản sao",
            ),
            Step(
                "Lập bản sao, ghi sổ cấp bản sao",
                "In bản sao theo đúng nội dung sổ gốc; ghi số vào sổ cấp bản sao văn bằng, chứng chỉ.",
                "Chuyên viên Phòng Khảo thí",
                "0,5 ngày",
                "Sổ cấp bản sao",
            ),
            Step(
                "Trình ký, đóng dấu",
                "Trưởng phòng kiểm tra, trình Lãnh đạo Sở ký; văn thư đóng dấu bản sao.",
                "Trưởng phòng, Lãnh đạo Sở",
                "0,5 ngày",
            ),
            Step(
                "Trả kết quả",
                "Trả bản sao cho người đề nghị, thu phí, ký nhận vào sổ theo dõi giải quyết hồ sơ.",
                "Công chức BPMC",
                "Theo phiếu hẹn",
                "Sổ theo dõi giải quyết hồ sơ",
            ),
        ),
        records=(
            ("Đơn đề nghị và giấy tờ kèm theo", "Phòng Khảo thí và Kiểm định", "05 năm"),
            ("Sổ cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Phòng Khảo thí và Kiểm định", "Lâu dài"),
            ("Phiếu tiếp nhận hồ sơ và hẹn trả kết quả", "Bộ phận một cửa", "02 năm"),
        ),
        revisions=("Rút ngắn thời hạn trả kết quả; bổ sung hình thức nộp hồ sơ trực tuyến",),
    ),
    "Quy trình chỉnh sửa nội dung văn bằng, chứng chỉ": ProcedureText(
        purpose=(
            "Quy định trình tự chỉnh sửa nội dung ghi trên văn bằng, chứng chỉ khi người được cấp đã được "
            "cơ quan có thẩm quyền quyết định thay đổi hoặc cải chính hộ tịch, xác định lại dân tộc, giới tính."
        ),
        scope="Áp dụng cho bằng tốt nghiệp trung học phổ thông và chứng chỉ do Sở Giáo dục và Đào tạo cấp.",
        references=(
            *ONE_STOP_REFS,
            "Thông tư số 21/2019/TT-BGDĐT, Điều 21 và Điều 22 về chỉnh sửa nội dung văn bằng, chứng chỉ",
            "Luật Hộ tịch số 60/2014/QH13",
        ),
        terms=(("Quyết định chỉnh sửa", "Quyết định của Giám đốc Sở cho phép chỉnh sửa nội dung văn bằng"),),
        conditions=(
            "Có quyết định thay đổi, cải chính hộ tịch hoặc xác định lại dân tộc, giới tính của cơ quan có thẩm quyền.",
            "Văn bằng, chứng chỉ được cấp không có sai sót do lỗi của cơ quan cấp.",
        ),
        dossier=(
            "Đơn đề nghị chỉnh sửa nội dung văn bằng, chứng chỉ (theo mẫu)",
            "Văn bằng, chứng chỉ đề nghị chỉnh sửa (bản chính)",
            "Trích lục hoặc quyết định thay đổi, cải chính hộ tịch (bản sao có chứng thực)",
            "Giấy khai sinh (bản sao) và giấy tờ tùy thân",
        ),
        time_limit="05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        fee="Không thu phí.",
        place="Bộ phận một cửa Sở Giáo dục và Đào tạo.",
        steps=(
            Step(
                "Tiếp nhận hồ sơ",
                "Kiểm tra tính hợp lệ của quyết định cải chính hộ tịch; lập phiếu hẹn.",
                "Công chức BPMC",
                "0,5 ngày",
                "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả",
            ),
            Step(
                "Thẩm định nội dung chỉnh sửa",
                "Đối chiếu sổ gốc, văn bằng và giấy tờ hộ tịch; đề xuất nội dung được chỉnh sửa.",
                "Chuyên viên Phòng Khảo thí",
                "2 ngày",
                "Tờ trình đề nghị chỉnh sửa",
            ),
            Step(
                "Dự thảo quyết định chỉnh sửa",
                "Dự thảo quyết định ghi rõ nội dung cũ, nội dung mới và căn cứ chỉnh sửa.",
                "Trưởng Phòng Khảo thí",
                "1 ngày",
            ),
            Step(
                "Ký quyết định, ghi chú vào sổ gốc",
                "Lãnh đạo Sở ký quyết định; ghi nội dung chỉnh sửa vào phụ lục sổ gốc.",
                "Lãnh đạo Sở, chuyên viên",
                "1 ngày",
                "Quyết định chỉnh sửa",
            ),
            Step(
                "Trả kết quả",
                "Trả quyết định và văn bằng kèm theo cho người đề nghị.",
                "Công chức BPMC",
                "0,5 ngày",
            ),
        ),
        records=(
            ("Hồ sơ đề nghị chỉnh sửa", "Phòng Khảo thí và Kiểm định", "Lâu dài"),
            ("Quyết định chỉnh sửa nội dung văn bằng", "Văn phòng Sở", "Lâu dài"),
        ),
    ),
    "Quy trình công nhận trường trung học đạt chuẩn quốc gia": ProcedureText(
        purpose=(
            "Quy định trình tự thẩm định, kiểm tra và đề nghị công nhận trường trung học cơ sở, trung học "
            "phổ thông đạt chuẩn quốc gia trên địa bàn tỉnh."
        ),
        scope="Áp dụng cho các trường trung học công lập và tư thục đã được đánh giá ngoài.",
        references=(
            *ONE_STOP_REFS,
            "Thông tư số 18/2018/TT-BGDĐT quy định về kiểm định chất lượng giáo dục và công nhận đạt chuẩn "
            "quốc gia đối với trường trung học cơ sở, trường trung học phổ thông",
        ),
        terms=(("Đoàn kiểm tra", "Đoàn do Giám đốc Sở thành lập để kiểm tra thực tế tại trường"),),
        conditions=(
            "Trường đã được đánh giá ngoài và đạt kiểm định chất lượng giáo dục từ cấp độ 2 trở lên.",
        ),
        dossier=(
            "Tờ trình đề nghị công nhận của Ủy ban nhân dân cấp huyện hoặc của trường",
            "Báo cáo tự đánh giá và báo cáo đánh giá ngoài",
            "Báo cáo kết quả xây dựng trường đạt chuẩn quốc gia",
        ),
        time_limit="20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        fee="Không thu phí.",
        place="Bộ phận một cửa Sở Giáo dục và Đào tạo.",
        steps=(
            Step(
                "Tiếp nhận hồ sơ", "Kiểm tra thành phần hồ sơ, lập phiếu hẹn.", "Công chức BPMC", "0,5 ngày"
            ),
            Step(
                "Thẩm định hồ sơ",
                "Đối chiếu tiêu chuẩn về tổ chức, đội ngũ, cơ sở vật chất và kết quả giáo dục.",
                "Phòng Giáo dục Trung học",
                "5 ngày",
            ),
            Step(
                "Kiểm tra thực tế tại trường",
                "Đoàn kiểm tra làm việc tại trường, lập biên bản kiểm tra.",
                "Đoàn kiểm tra",
                "10 ngày",
                "Biên bản kiểm tra",
            ),
            Step(
                "Trình Ủy ban nhân dân tỉnh",
                "Sở có tờ trình đề nghị Chủ tịch Ủy ban nhân dân tỉnh ra quyết định công nhận.",
                "Lãnh đạo Sở",
                "4 ngày",
            ),
            Step("Trả kết quả", "Trả quyết định công nhận cho trường.", "Công chức BPMC", "0,5 ngày"),
        ),
        records=(
            ("Hồ sơ đề nghị, biên bản kiểm tra, quyết định công nhận", "Phòng Giáo dục Trung học", "Lâu dài"),
        ),
    ),
    "Quy trình chuyển trường đối với học sinh trung học phổ thông": ProcedureText(
        purpose="Quy định trình tự giải quyết việc chuyển trường của học sinh trung học phổ thông trong và ngoài tỉnh.",
        scope=(
            "Áp dụng cho học sinh chuyển đến hoặc chuyển đi giữa các trường trung học phổ thông; "
            "Phòng Giáo dục Trung học và bộ phận một cửa của Sở."
        ),
        references=(
            *ONE_STOP_REFS,
            "Quyết định số 51/2002/QĐ-BGDĐT quy định chuyển trường và tiếp nhận học sinh học tại trường "
            "trung học cơ sở và trung học phổ thông",
            "Thông tư số 50/2021/TT-BGDĐT sửa đổi, bổ sung quy định chuyển trường",
        ),
        terms=(
            ("Trường nơi đi, trường nơi đến", "Trường học sinh đang học và trường học sinh xin chuyển đến"),
        ),
        conditions=(
            "Học sinh chuyển trường do gia đình chuyển nơi cư trú hoặc có lý do chính đáng.",
            "Thời điểm chuyển trường: kết thúc học kỳ I hoặc trong thời gian hè; trường hợp đặc biệt do Giám đốc Sở xem xét.",
        ),
        dossier=(
            "Đơn xin chuyển trường do cha, mẹ hoặc người giám hộ ký (theo mẫu)",
            "Học bạ (bản chính)",
            "Giấy chứng nhận trúng tuyển vào lớp 10",
            "Giấy giới thiệu chuyển trường của Hiệu trưởng trường nơi đi",
        ),
        time_limit="03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        fee="Không thu phí.",
        place="Bộ phận một cửa Sở Giáo dục và Đào tạo.",
        steps=(
            Step(
                "Tiếp nhận hồ sơ",
                "Kiểm tra học bạ, giấy giới thiệu; lập phiếu hẹn.",
                "Công chức BPMC",
                "0,5 ngày",
                "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả",
            ),
            Step(
                "Xem xét điều kiện chuyển trường",
                "Kiểm tra kết quả học tập, rèn luyện, chỉ tiêu còn lại của trường nơi đến.",
                "Chuyên viên Phòng Giáo dục Trung học",
                "1,5 ngày",
                "Đơn xin chuyển trường",
            ),
            Step(
                "Duyệt, trình ký giấy giới thiệu",
                "Trưởng phòng duyệt, trình Lãnh đạo Sở ký giấy giới thiệu chuyển trường.",
                "Trưởng phòng",
                "0,5 ngày",
            ),
            Step(
                "Trả kết quả",
                "Trả giấy giới thiệu và hồ sơ cho gia đình học sinh; thông báo trường nơi đến.",
                "Công chức BPMC",
                "0,5 ngày",
            ),
        ),
        records=(
            ("Hồ sơ chuyển trường", "Phòng Giáo dục Trung học", "05 năm"),
            ("Sổ theo dõi học sinh chuyển đi, chuyển đến", "Phòng Giáo dục Trung học", "10 năm"),
        ),
    ),
    "Quy trình tuyển sinh vào lớp 10 trung học phổ thông": ProcedureText(
        purpose="Quy định công tác tổ chức tuyển sinh vào lớp 10 các trường trung học phổ thông công lập của tỉnh.",
        scope="Áp dụng cho Phòng Giáo dục Trung học, Phòng Khảo thí, các trường THPT và hội đồng tuyển sinh.",
        references=(
            "Thông tư số 30/2024/TT-BGDĐT ban hành Quy chế tuyển sinh trung học cơ sở và trung học phổ thông",
        ),
        terms=(("THPT", "Trung học phổ thông"), ("HĐTS", "Hội đồng tuyển sinh")),
        general=(
            "Kế hoạch tuyển sinh được công bố công khai trước kỳ thi ít nhất 03 tháng.",
            "Đề thi được bảo mật theo quy định về bảo vệ bí mật nhà nước.",
        ),
        steps=(
            Step(
                "Xây dựng kế hoạch tuyển sinh",
                "Dự thảo chỉ tiêu, phương thức tuyển sinh từng trường.",
                "Phòng Giáo dục Trung học",
                "Tháng 02",
            ),
            Step(
                "Phê duyệt, công bố kế hoạch",
                "Trình Ủy ban nhân dân tỉnh phê duyệt; công bố trên trang thông tin.",
                "Lãnh đạo Sở",
                "Tháng 3",
            ),
            Step(
                "Tổ chức kỳ thi",
                "Ra đề, in sao đề, coi thi, chấm thi theo quy chế.",
                "Phòng Khảo thí",
                "Tháng 6",
            ),
            Step(
                "Xét duyệt trúng tuyển",
                "Hội đồng tuyển sinh xét duyệt danh sách trúng tuyển.",
                "Hội đồng tuyển sinh",
                "10 ngày",
            ),
            Step(
                "Công bố kết quả, phúc khảo",
                "Công bố điểm, nhận và giải quyết đơn phúc khảo.",
                "Phòng Khảo thí",
                "15 ngày",
            ),
        ),
        records=(
            ("Kế hoạch, danh sách trúng tuyển, biên bản xét duyệt", "Phòng Giáo dục Trung học", "Lâu dài"),
        ),
        one_stop=False,
    ),
    "Quy trình cấp phép hoạt động giáo dục kỹ năng sống": ProcedureText(
        purpose="Quy định trình tự cấp phép hoạt động giáo dục kỹ năng sống cho tổ chức, cá nhân trên địa bàn tỉnh.",
        scope="Áp dụng cho trung tâm, cơ sở đề nghị cấp phép hoạt động giáo dục kỹ năng sống; Phòng Giáo dục Tiểu học.",
        references=(
            *ONE_STOP_REFS,
            "Thông tư số 04/2014/TT-BGDĐT ban hành Quy định quản lý hoạt động giáo dục kỹ năng sống và hoạt "
            "động giáo dục ngoài giờ chính khóa",
        ),
        terms=(("Chương trình KNS", "Chương trình giáo dục kỹ năng sống do cơ sở xây dựng"),),
        conditions=(
            "Có chương trình, tài liệu giáo dục kỹ năng sống phù hợp với từng đối tượng người học.",
            "Có đội ngũ báo cáo viên, cơ sở vật chất đáp ứng yêu cầu.",
        ),
        dossier=(
            "Tờ trình đề nghị cấp phép hoạt động giáo dục kỹ năng sống",
            "Chương trình, tài liệu giáo dục kỹ năng sống",
            "Danh sách báo cáo viên kèm bằng cấp, chứng chỉ",
        ),
        time_limit="15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        fee="1.000.000 đồng/hồ sơ (thẩm định).",
        place="Bộ phận một cửa Sở Giáo dục và Đào tạo.",
        steps=(
            Step("Tiếp nhận hồ sơ", "Kiểm tra thành phần hồ sơ, lập phiếu hẹn.", "Công chức BPMC", "1 ngày"),
            Step(
                "Thẩm định chương trình",
                "Thẩm định nội dung chương trình, tài liệu và đội ngũ báo cáo viên.",
                "Phòng Giáo dục Tiểu học",
                "8 ngày",
            ),
            Step(
                "Kiểm tra thực tế cơ sở vật chất",
                "Lập biên bản kiểm tra thực tế.",
                "Tổ thẩm định",
                "4 ngày",
                "Biên bản kiểm tra",
            ),
            Step(
                "Ký quyết định cho phép",
                "Lãnh đạo Sở ký quyết định cho phép hoạt động.",
                "Lãnh đạo Sở",
                "1 ngày",
            ),
            Step("Trả kết quả", "Trả quyết định cho tổ chức, cá nhân.", "Công chức BPMC", "1 ngày"),
        ),
        records=(("Hồ sơ cấp phép và quyết định cho phép", "Phòng Giáo dục Tiểu học", "10 năm"),),
    ),
    "Quy trình thành lập trung tâm ngoại ngữ, tin học": ProcedureText(
        purpose="Quy định trình tự giải quyết hồ sơ cho phép thành lập trung tâm ngoại ngữ, tin học.",
        scope="Áp dụng cho tổ chức, cá nhân đề nghị thành lập trung tâm ngoại ngữ, tin học thuộc thẩm quyền của Sở.",
        references=(
            *ONE_STOP_REFS,
            "Thông tư số 21/2018/TT-BGDĐT ban hành Quy chế tổ chức và hoạt động của trung tâm ngoại ngữ, tin học",
            "Nghị định số 125/2024/NĐ-CP quy định về điều kiện đầu tư và hoạt động trong lĩnh vực giáo dục",
        ),
        terms=(("Trung tâm NN-TH", "Trung tâm ngoại ngữ, tin học"),),
        conditions=("Có đề án thành lập phù hợp với quy hoạch mạng lưới cơ sở giáo dục của tỉnh.",),
        dossier=(
            "Tờ trình đề nghị thành lập trung tâm",
            "Đề án thành lập trung tâm ngoại ngữ, tin học",
            "Giấy tờ chứng minh quyền sử dụng đất hoặc hợp đồng thuê địa điểm",
        ),
        time_limit="20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        fee="2.000.000 đồng/hồ sơ (thẩm định).",
        place="Bộ phận một cửa Sở Giáo dục và Đào tạo.",
        steps=(
            Step("Tiếp nhận hồ sơ", "Kiểm tra thành phần hồ sơ, lập phiếu hẹn.", "Công chức BPMC", "1 ngày"),
            Step(
                "Thẩm định đề án",
                "Thẩm định sự phù hợp của đề án, lấy ý kiến các sở liên quan.",
                "Phòng Giáo dục Tiểu học",
                "12 ngày",
            ),
            Step("Ký quyết định cho phép thành lập", "Lãnh đạo Sở ký quyết định.", "Lãnh đạo Sở", "6 ngày"),
            Step(
                "Trả kết quả",
                "Trả quyết định, thông báo trên trang thông tin của Sở.",
                "Công chức BPMC",
                "1 ngày",
            ),
        ),
        records=(("Hồ sơ thành lập trung tâm", "Phòng Giáo dục Tiểu học", "Lâu dài"),),
    ),
    "Quy trình tuyển dụng viên chức": ProcedureText(
        purpose="Quy định trình tự tuyển dụng viên chức vào các đơn vị sự nghiệp công lập trực thuộc Sở (tài liệu mật).",
        scope="Áp dụng cho Phòng Tổ chức cán bộ và hội đồng tuyển dụng viên chức của Sở.",
        references=(
            "Nghị định số 115/2020/NĐ-CP quy định về tuyển dụng, sử dụng và quản lý viên chức",
            "Nghị định số 85/2023/NĐ-CP sửa đổi, bổ sung Nghị định số 115/2020/NĐ-CP",
        ),
        terms=(("HĐTD", "Hội đồng tuyển dụng viên chức"),),
        general=("Thông tin về vị trí việc làm, đề thi và điểm thi được bảo mật đến khi công bố.",),
        steps=(
            Step(
                "Xây dựng kế hoạch tuyển dụng",
                "Tổng hợp nhu cầu vị trí việc làm còn thiếu.",
                "Phòng Tổ chức cán bộ",
                "10 ngày",
            ),
            Step(
                "Thông báo tuyển dụng",
                "Đăng thông báo trên báo và trang thông tin điện tử của Sở.",
                "Phòng Tổ chức cán bộ",
                "30 ngày",
            ),
            Step(
                "Tổ chức xét tuyển hoặc thi tuyển",
                "Vòng 1 kiểm tra điều kiện; vòng 2 thi nghiệp vụ chuyên ngành.",
                "Hội đồng tuyển dụng",
                "Theo kế hoạch",
            ),
            Step(
                "Công nhận kết quả",
                "Giám đốc Sở phê duyệt kết quả, thông báo người trúng tuyển.",
                "Giám đốc Sở",
                "10 ngày",
            ),
        ),
        records=(("Hồ sơ tuyển dụng viên chức", "Phòng Tổ chức cán bộ", "Lâu dài"),),
        one_stop=False,
    ),
    "Quy trình quản lý tài sản công": ProcedureText(
        purpose="Quy định việc mua sắm, giao, sử dụng, kiểm kê và thanh lý tài sản công tại cơ quan Sở.",
        scope="Áp dụng cho Phòng Kế hoạch - Tài chính và các phòng được giao sử dụng tài sản.",
        references=(
            "Luật Quản lý, sử dụng tài sản công số 15/2017/QH14",
            "Nghị định số 151/2017/NĐ-CP quy định chi tiết một số điều của Luật Quản lý, sử dụng tài sản công",
        ),
        terms=(("TSC", "Tài sản công"),),
        general=("Tài sản được kiểm kê vào ngày 31 tháng 12 hằng năm.",),
        steps=(
            Step(
                "Lập kế hoạch mua sắm",
                "Tổng hợp đề xuất của các phòng.",
                "Phòng Kế hoạch - Tài chính",
                "Tháng 10",
            ),
            Step("Giao tài sản", "Lập biên bản giao nhận tài sản.", "Phòng Kế hoạch - Tài chính", "2 ngày"),
            Step(
                "Kiểm kê, thanh lý",
                "Kiểm kê cuối năm, đề xuất thanh lý tài sản hư hỏng.",
                "Hội đồng kiểm kê",
                "Tháng 12",
            ),
        ),
        records=(("Sổ theo dõi tài sản, biên bản kiểm kê", "Phòng Kế hoạch - Tài chính", "10 năm"),),
        one_stop=False,
    ),
}

# The same structure in English, for the agency's English editions.
ENGLISH = {
    "Document control procedure (English edition)": (
        "To lay down how quality-management documents are drafted, checked, approved, issued, "
        "distributed, revised and withdrawn, so that every unit works from the revision in force.",
        "All internal documents (manual, policy, objectives, procedures, work instructions, forms) and "
        "documents of external origin used by the departments of the Department of Education and Training.",
        (
            (
                "Draft or revise",
                "The author drafts in the agreed structure and consults the units concerned.",
                "Author",
                "5 days",
            ),
            (
                "Review",
                "The head of department checks the draft against current regulations and the standard.",
                "Head of department",
                "2 days",
            ),
            (
                "Approve and issue",
                "The management approves with an electronic signature; the QMS officer assigns the number.",
                "Director, QMS officer",
                "2 days",
            ),
            (
                "Distribute",
                "Readers in the distribution list receive the document and acknowledge reading it.",
                "QMS officer",
                "1 day",
            ),
            (
                "Withdraw obsolete copies",
                "Superseded copies are withdrawn; one copy is kept marked OBSOLETE.",
                "QMS officer",
                "1 day",
            ),
        ),
    ),
    "Staff training procedure": (
        "To ensure that staff are competent for their work: training needs identified each year, "
        "training delivered and its effectiveness evaluated.",
        "All civil servants and public employees of the Department and the training they attend.",
        (
            (
                "Identify training needs",
                "Each department lists the skills its staff lack for their duties.",
                "Head of department",
                "January",
            ),
            (
                "Plan the year's training",
                "The personnel office compiles the needs into a training plan.",
                "Personnel office",
                "10 days",
            ),
            (
                "Deliver training",
                "Courses run in-house or staff attend courses of accredited institutions.",
                "Personnel office",
                "As planned",
            ),
            (
                "Evaluate effectiveness",
                "Three months after a course the head of department rates its effect on the work.",
                "Head of department",
                "3 months",
            ),
        ),
    ),
}


def procedure_blocks(title: str, text: ProcedureText, *, revision: int) -> tuple:
    blocks: list = [
        Heading("1. Mục đích"),
        Paragraph(text.purpose),
        Heading("2. Phạm vi"),
        Paragraph(text.scope),
        Heading("3. Tài liệu viện dẫn"),
        Bullets(text.references),
        Heading("4. Thuật ngữ và chữ viết tắt"),
        Table(
            ("Thuật ngữ, chữ viết tắt", "Giải thích"),
            tuple((term, meaning) for term, meaning in (*COMMON_TERMS, *text.terms)),
            (1, 3),
        ),
        Heading("5. Nội dung"),
    ]
    number = 1
    if text.one_stop:
        sections = [
            ("Điều kiện thực hiện", text.conditions),
            ("Thành phần hồ sơ", text.dossier),
            ("Số lượng hồ sơ", ("01 bộ",)),
            ("Thời gian xử lý", (text.time_limit,)),
            ("Nơi tiếp nhận và trả kết quả", (text.place,)),
            ("Lệ phí", (text.fee,)),
        ]
    else:
        sections = [("Yêu cầu chung", text.general)]
    for heading, items in sections:
        if not items:
            continue
        blocks.append(Heading(f"5.{number}. {heading}", level=2))
        blocks.append(Bullets(tuple(items)))
        number += 1
    blocks.append(Heading(f"5.{number}. Quy trình xử lý công việc", level=2))
    blocks.append(
        Table(
            ("Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian", "Biểu mẫu, kết quả"),
            tuple(
                (f"B{index}", f"{step.name}: {step.detail}", step.responsible, step.time, step.form)
                for index, step in enumerate(text.steps, start=1)
            ),
            (2, 10, 5, 3, 5),
        )
    )
    if text.one_stop:
        total = text.time_limit.split(" kể từ")[0].split(";")[0]
        blocks.append(Paragraph(f"Tổng thời gian giải quyết: {total}", italic=True))
    blocks += [
        Heading("6. Hồ sơ lưu"),
        Table(
            ("TT", "Tên hồ sơ", "Nơi lưu", "Thời gian lưu"),
            tuple(
                (str(index), name, where, how_long)
                for index, (name, where, how_long) in enumerate(text.records, start=1)
            ),
            (1, 6, 4, 2),
        ),
        Paragraph(
            "Hồ sơ được lưu theo Quy trình kiểm soát hồ sơ; hết thời hạn lưu, đơn vị lập danh sách đề nghị hủy.",
            italic=True,
        ),
    ]
    return (*_title_page(title, revision, text.revisions), PageBreak(), *blocks)


def _title_page(title: str, revision: int, changes: tuple[str, ...]) -> tuple:
    history = [("01", "Ban hành lần đầu", "Toàn bộ")]
    for number in range(2, revision + 1):
        change = changes[number - 2] if number - 2 < len(changes) else "Cập nhật theo quy định mới"
        history.append((f"{number:02d}", change, "Mục 3, 5"))
    return (
        Signatures(
            (
                ("Người biên soạn", PREPARED[1], PREPARED[0]),
                ("Người kiểm tra", CHECKED[1], CHECKED[0]),
                ("Người phê duyệt", APPROVED[1], APPROVED[0]),
            )
        ),
        Heading("Theo dõi sửa đổi tài liệu", level=2),
        Table(("Lần ban hành", "Nội dung sửa đổi", "Trang, mục"), tuple(history), (2, 7, 2)),
        Paragraph(
            f"Lần ban hành: {revision:02d}. Tài liệu này chỉ có giá trị khi tra cứu trên hệ thống.",
            italic=True,
        ),
        Heading("Nơi nhận", level=2),
        Bullets(("Lãnh đạo Sở", "Các phòng, đơn vị thuộc Sở", "Lưu: Văn phòng Sở (Ban QMS)")),
    )


def english_blocks(title: str, *, revision: int) -> tuple:
    purpose, scope, steps = ENGLISH[title]
    return (
        Paragraph(f"Revision {revision:02d}", italic=True),
        Heading("1. Purpose"),
        Paragraph(purpose),
        Heading("2. Scope"),
        Paragraph(scope),
        Heading("3. References"),
        Bullets(
            ("ISO 9001:2015 Quality management systems - Requirements", "Quality manual of the Department")
        ),
        Heading("4. Terms and abbreviations"),
        Table(
            ("Term", "Meaning"),
            (("QMS", "Quality management system"), ("DOET", "Department of Education and Training")),
            (1, 3),
        ),
        Heading("5. Procedure"),
        Table(
            ("Step", "Activity", "Responsible", "Time"),
            tuple((f"S{i}", f"{a}: {b}", c, d) for i, (a, b, c, d) in enumerate(steps, 1)),
            (1, 6, 3, 2),
        ),
        Heading("6. Records"),
        Bullets(("Records named in the steps above, kept by the QMS officer for three years",)),
    )


# --- Work instructions, policy, manual ---------------------------------------------

INSTRUCTIONS = {
    "Hướng dẫn tiếp nhận hồ sơ tại bộ phận một cửa": (
        "Hướng dẫn công chức bộ phận một cửa tiếp nhận, kiểm tra, luân chuyển hồ sơ thủ tục hành chính "
        "và trả kết quả đúng hẹn.",
        (
            "Chào hỏi, hướng dẫn tổ chức, cá nhân lấy số thứ tự.",
            "Kiểm tra thành phần hồ sơ theo danh mục công khai của thủ tục; hồ sơ thiếu thì hướng dẫn bổ sung "
            "một lần bằng Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.",
            "Quét hồ sơ, nhập vào hệ thống thông tin giải quyết thủ tục hành chính, in Phiếu tiếp nhận "
            "hồ sơ và hẹn trả kết quả.",
            "Chuyển hồ sơ giấy cho phòng chuyên môn trong ngày, ký nhận vào Sổ theo dõi giải quyết hồ sơ.",
            "Khi có kết quả: kiểm tra, thu phí, lệ phí (nếu có), trả kết quả và mời đánh giá mức độ hài lòng.",
        ),
    ),
    "Hướng dẫn lưu trữ hồ sơ điện tử": (
        "Hướng dẫn lập, đặt tên, lưu và sao lưu hồ sơ điện tử của các phòng thuộc Sở.",
        (
            "Đặt tên tệp theo mẫu: năm_mã hồ sơ_tên ngắn gọn, không dấu cách; ví dụ 2026_KT01_ban-sao-van-bang.",
            "Lưu tệp vào thư mục dùng chung của phòng theo năm và theo quy trình.",
            "Tệp quét phải đạt độ phân giải tối thiểu 200 dpi, định dạng PDF/A.",
            "Văn phòng Sở sao lưu toàn bộ thư mục dùng chung vào thứ Sáu hằng tuần.",
        ),
    ),
    "Hướng dẫn chấm thi tốt nghiệp trung học phổ thông": (
        "Hướng dẫn cán bộ chấm thi thực hiện chấm bài thi tự luận môn Ngữ văn đúng quy chế, chính xác và khách quan.",
        (
            "Cán bộ chấm thi nghiên cứu đáp án, thang điểm và chấm chung 10 bài trước khi chấm chính thức.",
            "Mỗi bài thi được hai cán bộ chấm độc lập ở hai phòng chấm khác nhau.",
            "Chênh lệch từ 0,5 điểm trở lên thì đối thoại; không thống nhất thì Trưởng môn chấm lần thứ ba.",
            "Nhập điểm hai lần, đối chiếu biên bản chấm trước khi ghép phách.",
        ),
    ),
}


def instruction_blocks(title: str, *, revision: int) -> tuple:
    purpose, steps = INSTRUCTIONS[title]
    return (
        Paragraph(f"Lần ban hành: {revision:02d}", italic=True),
        Heading("1. Mục đích"),
        Paragraph(purpose),
        Heading("2. Phạm vi áp dụng"),
        Paragraph("Các phòng, đơn vị thuộc Sở Giáo dục và Đào tạo có liên quan."),
        Heading("3. Nội dung hướng dẫn"),
        Table(("Bước", "Cách thực hiện"), tuple((str(i), step) for i, step in enumerate(steps, 1)), (1, 8)),
        Heading("4. Hồ sơ"),
        Paragraph("Các biểu mẫu được lưu theo Quy trình kiểm soát hồ sơ."),
    )


POLICY = (
    Paragraph(
        "Sở Giáo dục và Đào tạo cam kết cung cấp dịch vụ hành chính công và quản lý giáo dục "
        "minh bạch, đúng pháp luật, đúng hẹn, vì sự hài lòng của người dân và tổ chức.",
        bold=True,
    ),
    Heading("Để thực hiện chính sách này, Sở cam kết"),
    Bullets(
        (
            "Công khai đầy đủ quy trình, thành phần hồ sơ, thời hạn và phí của mọi thủ tục hành chính.",
            "Giải quyết đúng hạn ít nhất 98% hồ sơ thủ tục hành chính.",
            "Lắng nghe và trả lời mọi phản ánh, kiến nghị của tổ chức, cá nhân.",
            "Đào tạo cán bộ, công chức đủ năng lực; cải tiến liên tục Hệ thống quản lý chất lượng.",
        )
    ),
)

OBJECTIVES = (
    Paragraph("Ban hành kèm theo Quyết định của Giám đốc Sở Giáo dục và Đào tạo.", italic=True),
    Table(
        ("TT", "Mục tiêu", "Chỉ tiêu", "Đơn vị thực hiện"),
        (
            ("1", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "≥ 98%", "Các phòng chuyên môn"),
            ("2", "Tỷ lệ người dân hài lòng khi giải quyết thủ tục hành chính", "≥ 95%", "Bộ phận một cửa"),
            ("3", "Thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình", "≥ 80%", "Văn phòng Sở"),
            ("4", "Phản ánh, kiến nghị được trả lời trong thời hạn", "100%", "Thanh tra Sở"),
            ("5", "Cán bộ, công chức được bồi dưỡng nghiệp vụ trong năm", "≥ 90%", "Phòng Tổ chức cán bộ"),
        ),
        (1, 6, 2, 3),
    ),
)

MANUAL = (
    Heading("1. Giới thiệu Sở Giáo dục và Đào tạo"),
    Paragraph(
        "Sở Giáo dục và Đào tạo là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, tham mưu, giúp Ủy ban "
        "nhân dân tỉnh quản lý nhà nước về giáo dục mầm non, giáo dục phổ thông, giáo dục thường xuyên, "
        "tiêu chuẩn nhà giáo, cơ sở vật chất trường học và văn bằng, chứng chỉ."
    ),
    Heading("2. Phạm vi của Hệ thống quản lý chất lượng"),
    Paragraph(
        "Hệ thống áp dụng cho toàn bộ thủ tục hành chính thuộc thẩm quyền giải quyết của Sở và các hoạt động "
        "nội bộ hỗ trợ. Không áp dụng điều khoản 8.3 (thiết kế và phát triển) do Sở thực hiện thủ tục theo "
        "quy định của pháp luật."
    ),
    Heading("3. Bối cảnh và các bên quan tâm"),
    Bullets(
        (
            "Người học, cha mẹ học sinh, nhà giáo và cơ sở giáo dục trên địa bàn tỉnh.",
            "Bộ Giáo dục và Đào tạo, Ủy ban nhân dân tỉnh, các sở, ngành liên quan.",
        )
    ),
    Heading("4. Sơ đồ tổ chức"),
    Table(
        ("Đơn vị", "Chức năng chính"),
        (
            ("Văn phòng Sở", "Tổng hợp, hành chính, bộ phận một cửa, Ban QMS"),
            ("Phòng Tổ chức cán bộ", "Tổ chức bộ máy, tuyển dụng, đào tạo"),
            ("Phòng Kế hoạch - Tài chính", "Kế hoạch, ngân sách, tài sản công"),
            ("Phòng Giáo dục Trung học", "Chuyên môn cấp trung học, chuyển trường, tuyển sinh"),
            ("Phòng Giáo dục Tiểu học", "Chuyên môn cấp tiểu học, kỹ năng sống"),
            ("Phòng Khảo thí và Kiểm định", "Thi, văn bằng, chứng chỉ, kiểm định chất lượng"),
            ("Thanh tra Sở", "Thanh tra, tiếp công dân, phản ánh, kiến nghị"),
        ),
        (2, 5),
    ),
    PageBreak(),
    Heading("5. Các quá trình của hệ thống"),
    Table(
        ("Điều khoản", "Quá trình", "Tài liệu"),
        (
            (
                "7.5",
                "Kiểm soát thông tin dạng văn bản",
                "Quy trình kiểm soát tài liệu; Quy trình kiểm soát hồ sơ",
            ),
            ("8.5", "Giải quyết thủ tục hành chính", "Các quy trình giải quyết thủ tục hành chính"),
            ("9.2", "Đánh giá nội bộ", "Quy trình đánh giá nội bộ"),
            ("9.3", "Xem xét của lãnh đạo", "Biên bản họp xem xét của lãnh đạo"),
            ("10.2", "Sự không phù hợp và hành động khắc phục", "Quy trình kiểm soát sự không phù hợp"),
        ),
        (1, 3, 5),
    ),
)


# --- External documents: the opening articles (excerpts) ---------------------------

EXTERNAL = {
    "Luật Giáo dục": (
        "QUỐC HỘI",
        "LUẬT GIÁO DỤC",
        "Luật số: 43/2019/QH14",
        (
            (
                "Điều 1. Phạm vi điều chỉnh",
                "Luật này quy định về hệ thống giáo dục quốc dân; cơ sở giáo dục, nhà giáo, "
                "người học; quản lý nhà nước về giáo dục; quyền và trách nhiệm của cơ quan, tổ chức, gia đình, "
                "cá nhân liên quan đến hoạt động giáo dục.",
            ),
            (
                "Điều 2. Mục tiêu giáo dục",
                "Mục tiêu giáo dục nhằm phát triển toàn diện con người Việt Nam có đạo đức, "
                "tri thức, văn hóa, sức khỏe, thẩm mỹ và nghề nghiệp; có phẩm chất, năng lực và ý thức công dân; "
                "có lòng yêu nước, tinh thần dân tộc, trung thành với lý tưởng độc lập dân tộc và chủ nghĩa xã hội; "
                "phát huy tiềm năng, khả năng sáng tạo của mỗi cá nhân; nâng cao dân trí, phát triển nguồn nhân lực, "
                "bồi dưỡng nhân tài, đáp ứng yêu cầu của sự nghiệp xây dựng, bảo vệ Tổ quốc và hội nhập quốc tế.",
            ),
        ),
    ),
    "Nghị định quy định về thực hiện cơ chế một cửa, một cửa liên thông": (
        "CHÍNH PHỦ",
        "NGHỊ ĐỊNH về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        "Số: 61/2018/NĐ-CP",
        (
            (
                "Điều 1. Phạm vi điều chỉnh",
                "Nghị định này quy định về thực hiện cơ chế một cửa, một cửa liên thông trong "
                "giải quyết thủ tục hành chính cho tổ chức, cá nhân.",
            ),
            (
                "Điều 5. Nguyên tắc thực hiện cơ chế một cửa, một cửa liên thông",
                "Lấy sự hài lòng của tổ chức, cá nhân là "
                "thước đo chất lượng và hiệu quả phục vụ của cán bộ, công chức, viên chức và cơ quan có thẩm quyền; "
                "công khai, minh bạch, đúng pháp luật.",
            ),
        ),
    ),
    "TCVN ISO 9001:2015 Hệ thống quản lý chất lượng – Các yêu cầu": (
        "TIÊU CHUẨN QUỐC GIA",
        "TCVN ISO 9001:2015 Hệ thống quản lý chất lượng – Các yêu cầu",
        "Tương đương ISO 9001:2015",
        (
            (
                "Mục lục",
                "4 Bối cảnh của tổ chức; 5 Sự lãnh đạo; 6 Hoạch định; 7 Hỗ trợ; 8 Thực hiện; "
                "9 Đánh giá kết quả hoạt động; 10 Cải tiến.",
            ),
            (
                "Lời giới thiệu",
                "Việc áp dụng hệ thống quản lý chất lượng là quyết định mang tính chiến lược của tổ chức, "
                "giúp cải tiến kết quả thực hiện tổng thể và tạo nền tảng vững chắc cho các sáng kiến phát triển bền vững.",
            ),
        ),
    ),
    "Nghị định về công tác văn thư": (
        "CHÍNH PHỦ",
        "NGHỊ ĐỊNH về công tác văn thư",
        "Số: 30/2020/NĐ-CP",
        (
            (
                "Điều 1. Phạm vi điều chỉnh",
                "Nghị định này quy định về công tác văn thư và quản lý nhà nước về công tác "
                "văn thư. Công tác văn thư bao gồm: soạn thảo, ký ban hành văn bản; quản lý văn bản; lập hồ sơ và nộp "
                "lưu hồ sơ, tài liệu vào Lưu trữ cơ quan; quản lý và sử dụng con dấu trong công tác văn thư.",
            ),
        ),
    ),
    "Quyết định áp dụng hệ thống quản lý chất lượng vào hoạt động của cơ quan hành chính nhà nước": (
        "THỦ TƯỚNG CHÍNH PHỦ",
        "QUYẾT ĐỊNH về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 "
        "vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước",
        "Số: 19/2014/QĐ-TTg",
        (
            (
                "Điều 1. Phạm vi điều chỉnh",
                "Quyết định này quy định việc xây dựng, áp dụng, duy trì và cải tiến Hệ thống "
                "quản lý chất lượng theo Tiêu chuẩn quốc gia vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành "
                "chính nhà nước.",
            ),
        ),
    ),
}


def external_blocks(title: str) -> tuple:
    issuer, heading, reference, articles = EXTERNAL[title]
    blocks: list = [
        Paragraph(issuer, bold=True),
        Paragraph(reference),
        Paragraph(heading.upper() if heading.isupper() else heading, centred=True, bold=True),
        Paragraph("(Bản trích lưu tại Văn phòng Sở để tra cứu)", centred=True, italic=True),
    ]
    for name, text in articles:
        blocks += [Heading(name, level=2), Paragraph(text)]
    return tuple(blocks)


# --- Forms (BM) -----------------------------------------------------------------------


@dataclass(frozen=True)
class FormText:
    addressee: str = ""
    fields: tuple = ()  # Field or other blocks
    table: Table | None = None
    commitment: str = ""
    signer: tuple[str, ...] = ("Người làm đơn", "(Ký và ghi rõ họ tên)")
    extra_signers: tuple = field(default=())


_PERSON = (
    Field("Họ và tên người đề nghị"),
    Field("Ngày, tháng, năm sinh"),
    Field("Số căn cước công dân/hộ chiếu"),
    Field("Nơi thường trú"),
    Field("Số điện thoại liên hệ"),
)

FORMS: dict[str, FormText] = {
    "Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc": FormText(
        addressee="Kính gửi: Sở Giáo dục và Đào tạo",
        fields=(
            *_PERSON,
            Field("Tên văn bằng, chứng chỉ đề nghị cấp bản sao"),
            Field("Số hiệu văn bằng, chứng chỉ"),
            Field("Năm tốt nghiệp, hội đồng thi"),
            Field("Số lượng bản sao đề nghị cấp"),
            Field("Lý do đề nghị cấp bản sao", lines=2),
        ),
        commitment="Tôi xin cam đoan những thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp luật.",
    ),
    "Đơn đề nghị chỉnh sửa nội dung văn bằng, chứng chỉ": FormText(
        addressee="Kính gửi: Giám đốc Sở Giáo dục và Đào tạo",
        fields=(
            *_PERSON,
            Field("Văn bằng, chứng chỉ đề nghị chỉnh sửa"),
            Field("Số hiệu, số vào sổ gốc"),
        ),
        table=Table(
            ("Nội dung", "Ghi trên văn bằng", "Đề nghị chỉnh sửa thành"),
            (("Họ và tên", "", ""), ("Ngày sinh", "", ""), ("Giới tính", "", ""), ("Dân tộc", "", "")),
            (2, 3, 3),
        ),
        commitment="Căn cứ quyết định cải chính hộ tịch số ........ ngày ........ của ........, đề nghị Sở xem xét chỉnh sửa.",
    ),
    "Đơn xin chuyển trường": FormText(
        addressee="Kính gửi: Hiệu trưởng trường nơi đi và Hiệu trưởng trường nơi đến",
        fields=(
            Field("Họ và tên cha, mẹ hoặc người giám hộ"),
            Field("Số căn cước công dân"),
            Field("Họ và tên học sinh"),
            Field("Ngày sinh, giới tính"),
            Field("Hiện đang học lớp, trường"),
            Field("Xin chuyển đến trường"),
            Field("Lý do chuyển trường", lines=2),
        ),
        table=Table(
            ("Năm học", "Lớp", "Học lực", "Hạnh kiểm"),
            (("", "10", "", ""), ("", "11", "", "")),
            (2, 1, 2, 2),
        ),
        signer=("Cha, mẹ hoặc người giám hộ", "(Ký và ghi rõ họ tên)"),
        extra_signers=(
            ("Ý kiến của trường nơi đi", "(Ký tên, đóng dấu)", ""),
            ("Ý kiến của trường nơi đến", "(Ký tên, đóng dấu)", ""),
        ),
    ),
    "Tờ trình đề nghị cho phép thành lập trường": FormText(
        addressee="Kính gửi: Ủy ban nhân dân tỉnh",
        fields=(
            Field("Tên tổ chức, cá nhân đề nghị"),
            Field("Tên trường đề nghị thành lập"),
            Field("Địa điểm đặt trụ sở chính"),
            Field("Loại hình trường (công lập, tư thục)"),
            Field("Quy mô dự kiến (số lớp, số học sinh)"),
            Field("Tóm tắt đề án thành lập", lines=3),
        ),
        commitment="Chúng tôi cam kết thực hiện đúng các quy định của pháp luật về giáo dục.",
        signer=("Đại diện tổ chức, cá nhân", "(Ký, ghi rõ họ tên, đóng dấu nếu có)"),
    ),
    "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả": FormText(
        fields=(
            Field("Mã hồ sơ"),
            Field("Bộ phận tiếp nhận và trả kết quả Sở Giáo dục và Đào tạo tiếp nhận hồ sơ của ông (bà)"),
            Field("Địa chỉ, số điện thoại"),
            Field("Nội dung yêu cầu giải quyết (tên thủ tục hành chính)"),
        ),
        table=Table(
            ("TT", "Tên giấy tờ", "Hình thức (bản chính, bản sao)", "Số lượng"),
            tuple((str(i), "", "", "") for i in range(1, 6)),
            (1, 6, 3, 2),
        ),
        commitment="Thời gian nhận kết quả: ..... giờ ..... phút, ngày ..... tháng ..... năm ........",
        signer=("Người nộp hồ sơ", "(Ký và ghi rõ họ tên)"),
        extra_signers=(("Người tiếp nhận hồ sơ", "(Ký và ghi rõ họ tên)", ""),),
    ),
    "Sổ theo dõi giải quyết hồ sơ": FormText(
        fields=(Field("Năm"), Field("Lĩnh vực")),
        table=Table(
            (
                "TT",
                "Mã hồ sơ",
                "Tên tổ chức, cá nhân",
                "Ngày nhận",
                "Hẹn trả",
                "Chuyển phòng",
                "Ngày có kết quả",
                "Ghi chú",
            ),
            tuple((str(i), "", "", "", "", "", "", "") for i in range(1, 11)),
            (1, 2, 4, 2, 2, 2, 2, 2),
        ),
        signer=(),
    ),
    "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ": FormText(
        fields=(
            Field("Bộ phận tiếp nhận và trả kết quả tiếp nhận hồ sơ của"),
            Field("Nội dung yêu cầu giải quyết"),
            Field("Mã hồ sơ"),
        ),
        table=Table(
            ("TT", "Nội dung yêu cầu bổ sung, hoàn thiện", "Lý do"),
            tuple((str(i), "", "") for i in range(1, 5)),
            (1, 6, 4),
        ),
        commitment="Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông (bà) liên hệ số điện thoại: ................",
        signer=("Người hướng dẫn", "(Ký và ghi rõ họ tên)"),
    ),
}


def form_blocks(title: str, *, revision: int) -> tuple:
    form = FORMS[title]
    blocks: list = []
    if form.addressee:
        blocks.append(Paragraph(form.addressee, centred=True, bold=True))
    blocks += form.fields
    if form.table:
        blocks.append(form.table)
    if form.commitment:
        blocks.append(Paragraph(form.commitment, italic=True))
    boxes = [*form.extra_signers]
    if form.signer:
        boxes.append((form.signer[0], form.signer[1], ""))
    if boxes:
        blocks.append(Paragraph("………………, ngày ….. tháng ….. năm 20….", italic=True))
        blocks.append(Signatures(tuple(boxes)))
    if revision > 1:
        blocks.append(Paragraph(f"Mẫu sửa đổi lần {revision:02d}", italic=True))
    return tuple(blocks)


def document_blocks(title: str, type_code: str, *, revision: int) -> Doc:
    """The text of a demo document's file at a revision, whatever its type."""
    if title in PROCEDURES:
        return Doc(title, procedure_blocks(title, PROCEDURES[title], revision=revision))
    if title in ENGLISH:
        return Doc(title, english_blocks(title, revision=revision), kind_label="PROCEDURE")
    if title in INSTRUCTIONS:
        return Doc(title, instruction_blocks(title, revision=revision), kind_label="HƯỚNG DẪN")
    if title in FORMS:
        return Doc(title, form_blocks(title, revision=revision), kind_label="BIỂU MẪU", form=True)
    if title in EXTERNAL:
        return Doc(title, external_blocks(title), kind_label="TÀI LIỆU BÊN NGOÀI", external=True)
    if title == "Chính sách chất lượng":
        return Doc(title, POLICY, kind_label="CHÍNH SÁCH")
    if title.startswith("Mục tiêu chất lượng"):
        return Doc(title, OBJECTIVES, kind_label="MỤC TIÊU")
    if title == "Sổ tay chất lượng":
        return Doc(
            title, (Paragraph(f"Lần ban hành: {revision:02d}", italic=True), *MANUAL), kind_label="SỔ TAY"
        )
    raise KeyError(f"The demo has no text for {title!r} ({type_code})")
