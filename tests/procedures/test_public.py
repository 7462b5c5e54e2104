"""The public catalogue: unaccented search, the effective form only, change impact that
leaves the public page alone until republished, and no internal data anywhere public."""

import io

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from documents import services as document_services
from documents.workflow import DocumentStatus
from notifications.models import Notification
from procedures import pdf as procedure_pdf
from procedures.models import AdministrativeProcedure
from procedures.services import procedure_transition, procedure_write
from procedures.workflow import ProcedureAction
from renditions import rendering
from tests.documents.factories import advance_version, make_upload
from tests.procedures.factories import INTERNAL

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_search_without_diacritics_finds_the_published_procedure_only(client, world):
    # when
    page = client.get(reverse("procedures_public:list"), {"q": "cap ban sao bang tot nghiep"})
    english = client.get(reverse("procedures_public_en:list"), {"q": "CAP BAN SAO"})
    draft = client.get(reverse("procedures_public:list"), {"q": "chua cong bo"})
    other_level = client.get(reverse("procedures_public:list"), {"q": "cap ban sao", "level": "commune"})
    bad = client.get(reverse("procedures_public:list"), {"level": "galaxy"})
    # then
    assert page.status_code == 200
    assert "Cấp bản sao bằng tốt nghiệp từ sổ gốc" in page.content.decode()
    assert reverse("procedures_public:detail", args=["1.005090"]) in page.content.decode()
    assert reverse("procedures_public_en:detail", args=["1.005090"]) in english.content.decode()
    assert INTERNAL["draft_name"] not in draft.content.decode()
    assert "1.005090" not in other_level.content.decode()
    assert bad.status_code == 400


def test_form_is_the_effective_revision_and_a_new_one_flags_the_procedure(client, world):
    url = reverse("procedures_public:form", args=["1.005090", world.form.pk])
    # given: the published page and its form
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    text = _pdf_text(first.content)
    assert "UNCONTROLLED COPY" in text
    assert "Downloaded from the public catalogue" in text
    # when: a new revision of the BM is drafted, and the officer edits the working copy
    draft = document_services.version_create_draft(
        actor=world.officer,
        document=world.form,
        file=make_upload("bm-moi.pdf", text="Mẫu mới"),
        change_summary="Lý do nội bộ SUA-NOIBO-3131",
    )
    procedure_write(
        actor=world.officer, procedure=world.procedure, fields={"name": INTERNAL["working_copy_name"]}
    )
    # then: the draft is never served, nothing is flagged yet
    assert _pdf_text(client.get(url).content) == text
    assert not AdministrativeProcedure.objects.get(pk=world.procedure.pk).needs_review
    # when: the new revision becomes effective (the old one superseded)
    advance_version(draft, DocumentStatus.EFFECTIVE, officer=world.officer, approver=world.approver)
    # then: the procedure is to review, the officer told, the public page unchanged
    procedure = AdministrativeProcedure.objects.get(pk=world.procedure.pk)
    assert procedure.needs_review
    assert world.form.number in procedure.review_reason
    assert Notification.objects.filter(recipient=world.officer, kind="procedure_to_review").exists()
    page = client.get(reverse("procedures_public:detail", args=["1.005090"])).content.decode()
    assert "Cấp bản sao bằng tốt nghiệp từ sổ gốc" in page
    assert INTERNAL["working_copy_name"] not in page
    # and the form served is the new effective revision, never the superseded one
    served = _pdf_text(client.get(url).content)
    assert "02" in served and served != text
    assert "SUA-NOIBO-3131" not in served and INTERNAL["approver_last"] not in served
    # when: the officer publishes the changes
    procedure_transition(actor=world.officer, procedure=procedure, action=ProcedureAction.REPUBLISH)
    # then
    page = client.get(reverse("procedures_public:detail", args=["1.005090"])).content.decode()
    assert INTERNAL["working_copy_name"] in page
    assert not AdministrativeProcedure.objects.get(pk=world.procedure.pk).needs_review


def test_a_form_not_listed_or_confidential_is_not_served(client, world):
    # then
    assert (
        client.get(reverse("procedures_public:form", args=["1.005090", world.secret_form.pk])).status_code
        == 404
    )
    assert client.get(reverse("procedures_public:form", args=["1.005090", world.qt.pk])).status_code == 404
    assert client.get(reverse("procedures_public:form", args=["9.999999", world.form.pk])).status_code == 404


def test_publication_is_refused_with_a_confidential_form_or_no_steps(world):
    # given
    procedure = world.make(code="1.000001", name="Thủ tục có mẫu mật", publish=False, form=world.secret_form)
    # when / then
    with pytest.raises(ValidationError, match="confidential"):
        procedure_transition(actor=world.officer, procedure=procedure, action=ProcedureAction.PUBLISH)
    procedure_write(actor=world.officer, procedure=procedure, fields={}, components=[], steps=[])
    with pytest.raises(ValidationError, match="at least one step"):
        procedure_transition(actor=world.officer, procedure=procedure, action=ProcedureAction.PUBLISH)
    assert AdministrativeProcedure.objects.get(pk=procedure.pk).published_content is None


def test_posting_sheet_carries_the_qr_code_of_the_public_page(client, world):
    # when
    response = client.get(reverse("procedures_public:posting_sheet", args=["1.005090"]))
    # then: the QR is rendered from the page URL (checked on the HTML laid out, as no QR
    # decoder is installed) and the URL is printed under it
    url = procedure_pdf.public_url("1.005090")
    assert response.status_code == 200
    assert url.endswith("/thu-tuc/1.005090/")
    assert rendering.qr_data_uri(url) in procedure_pdf.posting_sheet_html(
        world.procedure, world.procedure.published_content
    )
    assert url in _pdf_text(response.content).replace("\n", "")


def test_no_internal_data_on_any_public_page_pdf_or_api(client, world):
    # given: a suspended procedure as well, and a to-review reason
    procedure_write(
        actor=world.officer, procedure=world.procedure, fields={"name": INTERNAL["working_copy_name"]}
    )
    code = world.procedure.code
    # when
    answers = {
        "list": client.get(reverse("procedures_public:list")),
        "list_en": client.get(reverse("procedures_public_en:list"), {"q": "cap"}),
        "detail": client.get(reverse("procedures_public:detail", args=[code])),
        "detail_en": client.get(reverse("procedures_public_en:detail", args=[code])),
        "draft": client.get(reverse("procedures_public:detail", args=[world.draft.code])),
        "api_list": client.get("/api/v1/procedures/public/"),
        "api_detail": client.get(f"/api/v1/procedures/public/{code}/"),
    }
    pdfs = {
        "sheet": client.get(reverse("procedures_public:posting_sheet", args=[code])),
        "form": client.get(reverse("procedures_public:form", args=[code, world.form.pk])),
    }
    # then
    assert answers["draft"].status_code == 404
    texts = {name: r.content.decode() for name, r in answers.items()}
    texts |= {name: _pdf_text(r.content) for name, r in pdfs.items()}
    assert all(r.status_code == 200 for name, r in {**answers, **pdfs}.items() if name != "draft")
    leaks = [(name, secret) for name, text in texts.items() for secret in INTERNAL.values() if secret in text]
    assert leaks == []
    assert "Cấp bản sao bằng tốt nghiệp từ sổ gốc" in texts["detail"]


def test_the_public_page_leads_to_the_procedures_satisfaction_survey(client, world):
    # when a citizen reads a published procedure
    page = client.get(reverse("procedures_public:detail", args=["1.005090"]))
    survey_url = reverse("public_survey_procedure", args=["1.005090"])
    # then the page links to that procedure's survey, and the survey opens without an account
    assert page.status_code == 200
    assert f'href="{survey_url}"' in page.content.decode()
    assert client.get(survey_url).status_code == 200


def test_the_steps_are_a_numbered_diagram_and_an_ordered_list_for_screen_readers(client, world):
    # when
    page = lxml.html.fromstring(client.get(reverse("procedures_public:detail", args=["1.005090"])).content)
    # then: two drawings (wide from md, narrow on phones), made on the server, hidden from
    # assistive technology, each numbering the three steps in order with their names
    diagram = page.xpath("//div[contains(@class, 'procedure-diagram')]")[0]
    assert diagram.get("aria-hidden") == "true"
    drawings = diagram.xpath("./svg")
    assert [svg.get("class") for svg in drawings] == ["d-none d-md-block", "d-md-none"]
    for svg in drawings:
        assert svg.xpath(".//text[@class='step-number']/text()") == ["1", "2", "3"]
        words = " ".join(svg.xpath(".//text//text()"))
        assert "Tiếp nhận hồ sơ" in words and "Trả kết quả" in words
        assert "0.5 working days" in words
        assert not svg.xpath(".//script|.//*[@style]|.//foreignObject")
    # and screen readers read the same steps as an ordered list
    steps = [
        " ".join(li.text_content().split())
        for li in page.xpath("//ol[contains(@class, 'procedure-steps')]/li")
    ]
    assert steps == [
        "Tiếp nhận hồ sơ; handled by Phòng Khảo thí (Chuyên viên); time limit 0.5 working days.",
        "Thẩm định, đối chiếu sổ gốc; handled by Phòng Khảo thí; time limit 1 working days.",
        "Trả kết quả; time limit 0.5 working days.",
    ]
