"""The ISO 9001:2015 clause tree (4 to 10 with sub-clauses), in English and Vietnamese
(titles as in TCVN ISO 9001:2015). Kept in the migration so it never changes under it."""

from django.db import migrations

CLAUSES = [
    ("4", "Context of the organization", "Bối cảnh của tổ chức"),
    ("4.1", "Understanding the organization and its context", "Hiểu tổ chức và bối cảnh của tổ chức"),
    (
        "4.2",
        "Understanding the needs and expectations of interested parties",
        "Hiểu nhu cầu và mong đợi của các bên quan tâm",
    ),
    (
        "4.3",
        "Determining the scope of the quality management system",
        "Xác định phạm vi của hệ thống quản lý chất lượng",
    ),
    ("4.4", "Quality management system and its processes", "Hệ thống quản lý chất lượng và các quá trình của hệ thống"),
    ("5", "Leadership", "Sự lãnh đạo"),
    ("5.1", "Leadership and commitment", "Sự lãnh đạo và cam kết"),
    ("5.1.1", "General", "Khái quát"),
    ("5.1.2", "Customer focus", "Hướng vào khách hàng"),
    ("5.2", "Policy", "Chính sách"),
    ("5.2.1", "Establishing the quality policy", "Thiết lập chính sách chất lượng"),
    ("5.2.2", "Communicating the quality policy", "Truyền đạt chính sách chất lượng"),
    ("5.3", "Organizational roles, responsibilities and authorities", "Vai trò, trách nhiệm và quyền hạn trong tổ chức"),
    ("6", "Planning", "Hoạch định"),
    ("6.1", "Actions to address risks and opportunities", "Hành động giải quyết rủi ro và cơ hội"),
    ("6.1.1", "General", "Khái quát"),
    ("6.1.2", "Planning actions", "Hoạch định hành động"),
    (
        "6.2",
        "Quality objectives and planning to achieve them",
        "Mục tiêu chất lượng và hoạch định để đạt được mục tiêu",
    ),
    ("6.2.1", "Establishing quality objectives", "Thiết lập mục tiêu chất lượng"),
    ("6.2.2", "Planning to achieve quality objectives", "Hoạch định để đạt được mục tiêu chất lượng"),
    ("6.3", "Planning of changes", "Hoạch định các thay đổi"),
    ("7", "Support", "Hỗ trợ"),
    ("7.1", "Resources", "Nguồn lực"),
    ("7.1.1", "General", "Khái quát"),
    ("7.1.2", "People", "Con người"),
    ("7.1.3", "Infrastructure", "Cơ sở hạ tầng"),
    ("7.1.4", "Environment for the operation of processes", "Môi trường cho việc thực hiện các quá trình"),
    ("7.1.5", "Monitoring and measuring resources", "Nguồn lực theo dõi và đo lường"),
    ("7.1.5.1", "General", "Khái quát"),
    ("7.1.5.2", "Measurement traceability", "Liên kết chuẩn đo lường"),
    ("7.1.6", "Organizational knowledge", "Tri thức của tổ chức"),
    ("7.2", "Competence", "Năng lực"),
    ("7.3", "Awareness", "Nhận thức"),
    ("7.4", "Communication", "Trao đổi thông tin"),
    ("7.5", "Documented information", "Thông tin dạng văn bản"),
    ("7.5.1", "General", "Khái quát"),
    ("7.5.2", "Creating and updating", "Tạo lập và cập nhật"),
    ("7.5.3", "Control of documented information", "Kiểm soát thông tin dạng văn bản"),
    ("8", "Operation", "Thực hiện"),
    ("8.1", "Operational planning and control", "Hoạch định và kiểm soát việc thực hiện"),
    ("8.2", "Requirements for products and services", "Yêu cầu đối với sản phẩm và dịch vụ"),
    ("8.2.1", "Customer communication", "Trao đổi thông tin với khách hàng"),
    (
        "8.2.2",
        "Determining the requirements for products and services",
        "Xác định các yêu cầu đối với sản phẩm và dịch vụ",
    ),
    ("8.2.3", "Review of the requirements for products and services", "Xem xét các yêu cầu đối với sản phẩm và dịch vụ"),
    ("8.2.4", "Changes to requirements for products and services", "Thay đổi các yêu cầu đối với sản phẩm và dịch vụ"),
    ("8.3", "Design and development of products and services", "Thiết kế và phát triển sản phẩm và dịch vụ"),
    ("8.3.1", "General", "Khái quát"),
    ("8.3.2", "Design and development planning", "Hoạch định thiết kế và phát triển"),
    ("8.3.3", "Design and development inputs", "Đầu vào của thiết kế và phát triển"),
    ("8.3.4", "Design and development controls", "Kiểm soát thiết kế và phát triển"),
    ("8.3.5", "Design and development outputs", "Đầu ra của thiết kế và phát triển"),
    ("8.3.6", "Design and development changes", "Thay đổi thiết kế và phát triển"),
    (
        "8.4",
        "Control of externally provided processes, products and services",
        "Kiểm soát các quá trình, sản phẩm và dịch vụ do bên ngoài cung cấp",
    ),
    ("8.4.1", "General", "Khái quát"),
    ("8.4.2", "Type and extent of control", "Hình thức và mức độ kiểm soát"),
    ("8.4.3", "Information for external providers", "Thông tin cho nhà cung cấp bên ngoài"),
    ("8.5", "Production and service provision", "Sản xuất và cung cấp dịch vụ"),
    ("8.5.1", "Control of production and service provision", "Kiểm soát sản xuất và cung cấp dịch vụ"),
    ("8.5.2", "Identification and traceability", "Nhận biết và truy xuất nguồn gốc"),
    (
        "8.5.3",
        "Property belonging to customers or external providers",
        "Tài sản thuộc về khách hàng hoặc nhà cung cấp bên ngoài",
    ),
    ("8.5.4", "Preservation", "Bảo toàn"),
    ("8.5.5", "Post-delivery activities", "Hoạt động sau giao hàng"),
    ("8.5.6", "Control of changes", "Kiểm soát thay đổi"),
    ("8.6", "Release of products and services", "Thông qua sản phẩm và dịch vụ"),
    ("8.7", "Control of nonconforming outputs", "Kiểm soát đầu ra không phù hợp"),
    ("9", "Performance evaluation", "Đánh giá kết quả thực hiện"),
    ("9.1", "Monitoring, measurement, analysis and evaluation", "Theo dõi, đo lường, phân tích và đánh giá"),
    ("9.1.1", "General", "Khái quát"),
    ("9.1.2", "Customer satisfaction", "Sự thỏa mãn của khách hàng"),
    ("9.1.3", "Analysis and evaluation", "Phân tích và đánh giá"),
    ("9.2", "Internal audit", "Đánh giá nội bộ"),
    ("9.3", "Management review", "Xem xét của lãnh đạo"),
    ("9.3.1", "General", "Khái quát"),
    ("9.3.2", "Management review inputs", "Đầu vào xem xét của lãnh đạo"),
    ("9.3.3", "Management review outputs", "Đầu ra xem xét của lãnh đạo"),
    ("10", "Improvement", "Cải tiến"),
    ("10.1", "General", "Khái quát"),
    ("10.2", "Nonconformity and corrective action", "Sự không phù hợp và hành động khắc phục"),
    ("10.3", "Continual improvement", "Cải tiến liên tục"),
]


def sort_key(number):
    return ".".join(f"{int(part):02d}" for part in number.split("."))


def load(apps, schema_editor):
    Clause = apps.get_model("audits", "Clause")
    by_number = {}
    for number, title_en, title_vi in CLAUSES:
        parent = by_number.get(number.rsplit(".", 1)[0]) if "." in number else None
        clause, _created = Clause.objects.update_or_create(
            number=number,
            defaults={"title_en": title_en, "title_vi": title_vi, "parent": parent, "sort_key": sort_key(number)},
        )
        by_number[number] = clause


def unload(apps, schema_editor):
    Clause = apps.get_model("audits", "Clause")
    for number, _en, _vi in sorted(CLAUSES, key=lambda row: -len(row[0])):
        Clause.objects.filter(number=number).delete()


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
