"""The default rows: today's one-stop forms (Circular 01/2018/TT-VPCP, Mẫu 01-06) that the
PDFs use, and a general satisfaction survey on the five criteria of the national index.

The numbering ("Mẫu 04", "Mẫu 05") lives only here, as the starting data: officers edit
the rows (admin) when a new circular renumbers or rewords the forms; no code reads a
number."""

from django.db import transaction

FORMS = [
    {
        "key": "control_slip",
        "name": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "number_label": "Mẫu số 05",
        "legal_basis": "Thông tư số 01/2018/TT-VPCP",
        "body": (
            "Mã hồ sơ: {dossier_code}\n"
            "Thủ tục: {procedure_code} – {procedure_name}\n"
            "Cơ quan (bộ phận) giải quyết hồ sơ: {department}\n"
            "Cơ quan phối hợp giải quyết hồ sơ: \n"
            "Tiếp nhận lúc {received_at}; hẹn trả kết quả {deadline_at}.\n"
            "{steps_table}\n"
            "Ghi chú: Kết quả giải quyết hồ sơ sớm hơn hoặc muộn hơn thời hạn quy định được "
            "ghi vào cột Kết quả."
        ),
    },
    {
        "key": "apology_letter",
        "name": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "number_label": "Mẫu số 04",
        "legal_basis": "Thông tư số 01/2018/TT-VPCP",
        "body": (
            "Kính gửi: {applicant_name}\n"
            "Ngày {received_at}, {organisation} tiếp nhận hồ sơ mã số {dossier_code} "
            "đề nghị giải quyết thủ tục {procedure_name}; hẹn trả kết quả ngày {deadline_at}.\n"
            "Tuy nhiên đến nay, {organisation} chưa trả kết quả giải quyết hồ sơ cho Ông/Bà. "
            "Lý do: {reason}\n"
            "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {organisation} xin lỗi Ông/Bà và sẽ "
            "trả kết quả giải quyết hồ sơ vào ngày {new_due_date}.\n"
            "Mong nhận được sự thông cảm của Ông/Bà."
        ),
    },
    {
        "key": "receipt",
        "name": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "number_label": "Mẫu số 01",
        "legal_basis": "Thông tư số 01/2018/TT-VPCP",
        "body": (
            "Tiếp nhận hồ sơ của: {applicant_name}\n"
            "Nội dung yêu cầu giải quyết: {procedure_name}\n"
            "Mã hồ sơ: {dossier_code}\n"
            "Thời gian giải quyết hồ sơ theo quy định; nhận hồ sơ lúc {received_at}; "
            "hẹn trả kết quả {deadline_at}.\n"
            "Đánh giá sự hài lòng: quét mã QR ở cuối phiếu."
        ),
    },
]

SURVEY_TITLE = "Khảo sát sự hài lòng về giải quyết thủ tục hành chính"
QUESTIONS = [
    ("access", "Nơi tiếp nhận hồ sơ dễ tìm, có đủ chỗ ngồi và trang thiết bị phục vụ."),
    ("access", "Thủ tục được niêm yết công khai, đầy đủ, dễ tra cứu."),
    ("procedure", "Thành phần hồ sơ và biểu mẫu đúng như đã niêm yết."),
    ("procedure", "Phí, lệ phí và thời hạn giải quyết đúng như đã niêm yết."),
    ("officials", "Công chức tiếp nhận, hướng dẫn có thái độ lịch sự, tận tình."),
    ("officials", "Công chức hướng dẫn kê khai hồ sơ dễ hiểu, một lần là đủ."),
    ("result", "Kết quả đúng quy định, thông tin chính xác."),
    ("result", "Kết quả được trả đúng hẹn."),
    ("feedback", "Cơ quan có hình thức tiếp nhận góp ý, phản ánh, kiến nghị."),
    ("feedback", "Góp ý, phản ánh được tiếp nhận và trả lời kịp thời."),
]


@transaction.atomic
def default_forms_ensure():
    from dossiers.models import OfficialFormTemplate

    for row in FORMS:
        OfficialFormTemplate.objects.get_or_create(key=row["key"], defaults=row)


@transaction.atomic
def default_survey_ensure():
    from dossiers.models import Survey, SurveyQuestion

    if Survey.objects.filter(procedure__isnull=True).exists():
        return
    survey = Survey.objects.create(title=SURVEY_TITLE)
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, criterion=criterion, text=text, order=i)
        for i, (criterion, text) in enumerate(QUESTIONS, start=1)
    )
