"""The printable A4 posting sheet draws the process as the public page's numbered diagram;
a long process continues on the next page between two steps instead of running off it."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from procedures.services import procedure_transition, procedure_write
from procedures.workflow import ProcedureAction

pytestmark = pytest.mark.django_db

STEP_NAMES = [f"Bước {n} kiểm tra hồ sơ" for n in range(1, 15)]


def _published_with_many_steps(world):
    procedure = procedure_write(
        actor=world.officer,
        procedure=world.procedure,
        fields={},
        steps=[
            {
                "name": name,
                "department": world.department,
                "responsible_role": "Chuyên viên",
                "time_limit": Decimal("0.5") if n % 2 else Decimal(2),
            }
            for n, name in enumerate(STEP_NAMES)
        ],
    )
    return procedure_transition(actor=world.officer, procedure=procedure, action=ProcedureAction.REPUBLISH)


def _pages(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def test_the_sheet_draws_every_step_in_order_and_a_long_process_runs_on_to_page_two(client, world):
    # given: a published procedure of fourteen steps
    procedure = _published_with_many_steps(world)
    # when
    response = client.get(reverse("procedures_public:posting_sheet", args=[procedure.code]))
    # then: the steps are drawn (numbered bands, not a list), in order, over more than one page
    assert response.status_code == 200
    pages = _pages(response.content)
    assert len(pages) >= 2
    text = " ".join(pages)
    positions = [text.find(name) for name in STEP_NAMES]
    assert -1 not in positions, [name for name, at in zip(STEP_NAMES, positions, strict=True) if at < 0]
    assert positions == sorted(positions)
    assert STEP_NAMES[-1] in " ".join(pages[1:])
    # each step's band is whole on one page: its name with its department and role
    for page in pages:
        for name in STEP_NAMES:
            if name in page:
                assert re.search(re.escape(name) + r".{0,80}Phòng Khảo thí · Chuyên viên", page), name


def test_the_diagram_on_the_sheet_is_the_public_pages_drawing(world):
    from procedures import pdf as procedure_pdf

    html = procedure_pdf.posting_sheet_html(world.procedure, world.procedure.published_content)
    # one drawing per step, each with its number in the circle
    assert html.count('class="diagram-step"') == 3
    assert re.findall(r'class="step-number"[^>]*>(\d+)<', html) == ["1", "2", "3"]
    assert "Thẩm định, đối chiếu sổ gốc" in html
