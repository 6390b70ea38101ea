"""Documents as printed: the shipped templates and the exported success plan and QBR, converted
to PDF by LibreOffice (headless) and read back with poppler's pdftotext and pdfinfo.

They skip, saying why, where LibreOffice or poppler is missing (``./dev test`` installs them
on Debian). The helpers here are shared with tests/test_document_finish.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document

from csdesk.assets import resource
from csdesk.services import Services

TODAY = date(2026, 11, 23)
TEMPLATES = sorted(Path(str(resource("templates"))).glob("*.docx"))
CONVERSION_TIMEOUT = 240  # seconds: a first start on a busy machine is slow
INTERNAL_WORDS = ("health score", "detractor")  # never in a customer document
ROOT = Path(__file__).resolve().parents[1]

MISSING = [tool for tool in ("soffice", "pdftotext", "pdfinfo") if shutil.which(tool) is None]
needs_libreoffice = pytest.mark.skipif(
    bool(MISSING), reason=f"{', '.join(MISSING)} not installed: the documents cannot be printed "
    "here (Debian: apt-get install libreoffice-writer-nogui poppler-utils; ./dev test does)")

pytestmark = [needs_libreoffice, pytest.mark.slow]


# Printing


def to_pdf(documents: list[Path], outdir: Path) -> list[Path]:
    """Convert with LibreOffice in one run, on a private profile (parallel runs never share
    one); fails the test when a document yields no PDF or no pages."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".libreoffice-profile"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(outdir), *map(str, documents)],
        capture_output=True, text=True, timeout=CONVERSION_TIMEOUT, check=False)
    pdfs = [outdir / f"{document.stem}.pdf" for document in documents]
    for document, pdf in zip(documents, pdfs, strict=True):
        assert pdf.is_file(), (f"LibreOffice did not convert {document.name} "
                               f"(exit {result.returncode}): {result.stderr.strip()}")
        assert page_count(pdf) > 0, f"{document.name} printed no pages"
    return pdfs


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True,
                         timeout=60).stdout
    return {key.strip(): value.strip() for key, _, value in
            (line.partition(":") for line in out.splitlines())}


def page_count(pdf: Path) -> int:
    return int(pdf_info(pdf).get("Pages", "0"))


def pages_text(pdf: Path) -> list[str]:
    """The text of each page, in reading order (no layout: a table cell's lines stay in
    the order they wrapped)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True, timeout=60).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


# The customer's documents


@pytest.fixture
def account(demo_services: Services) -> int:
    rows = demo_services.critical_path.portfolio(TODAY)
    return next(r.account_id for r in rows if r.track.next_stage is not None)


@pytest.fixture
def printed(demo_services: Services, account: int, tmp_path: Path,
            signed: None) -> dict[str, Path]:
    """The account's success plan and QBR, exported by csdesk, as PDFs."""
    documents = demo_services.documents
    plan = documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    qbr = documents.export_qbr(account, tmp_path / "qbr.docx", TODAY, "2026Q4")
    plan_pdf, qbr_pdf = to_pdf([plan, qbr], tmp_path / "pdf")
    return {"plan": plan_pdf, "qbr": qbr_pdf, "plan.docx": plan, "qbr.docx": qbr}


def test_every_shipped_template_prints(tmp_path: Path) -> None:
    """Every template, tags and all, opens and prints in LibreOffice."""
    assert TEMPLATES, "no shipped templates found"
    to_pdf(TEMPLATES, tmp_path)


def test_customer_documents_print_whole(demo_services: Services, account: int,
                                        printed: dict[str, Path]) -> None:
    name = demo_services.accounts.get(account).name
    for kind in ("plan", "qbr"):
        pages = pages_text(printed[kind])
        count = page_count(printed[kind])
        assert len(pages) == count > 1, kind
        assert name in pages[0], f"{kind}: the account's name is not on page 1"
        for number, page in enumerate(pages, start=1):
            assert re.search(rf"\b{number} of {count}\b", page), \
                f"{kind}: page {number} has no footer '{number} of {count}'"
        text = "\n".join(pages)
        for tag in ("{{", "{%", "{#", "%}", "}}"):
            assert tag not in text, f"{kind}: a template tag {tag} was printed"
        for word in INTERNAL_WORDS:
            assert word not in text.lower(), f"{kind}: internal '{word}' printed"


def test_printed_documents_say_who_made_them_and_break_addresses_sensibly(
        demo_services: Services, account: int, printed: dict[str, Path]) -> None:
    from tests.conftest import SIGNED_BY

    name = demo_services.accounts.get(account).name
    for kind in ("plan", "qbr"):
        info = pdf_info(printed[kind])
        assert info.get("Author") == SIGNED_BY
        assert info.get("Title", "").startswith(f"{name}: ")
        assert "python-docx" not in str(info)
        document = Document(str(printed[f"{kind}.docx"]))
        core = document.core_properties
        assert core.author == core.last_modified_by == SIGNED_BY
        assert core.revision == 1 and core.created == core.modified
        assert core.created is not None and abs(core.created.date() - TODAY) <= timedelta(1)
        with zipfile.ZipFile(printed[f"{kind}.docx"]) as package:
            assert "docProps/thumbnail.jpeg" not in package.namelist()
        lines = [line.strip() for page in pages_text(printed[kind]) for line in page.split("\n")]
        assert not [line for line in lines if line.endswith(("https://", "http://"))]


def test_printed_kpis_have_their_own_precision(demo_services: Services, account: int,
                                               printed: dict[str, Path]) -> None:
    from csdesk.services.measures import number_text, places_of

    plan = demo_services.plans.get(account)
    text = "\n".join(pages_text(printed["plan"]))
    flat = re.sub(r"\s+", " ", text)
    for kpi in plan.kpis:
        if kpi.latest is None:
            continue
        shown = number_text(kpi.latest.value, kpi.unit, places_of(kpi.baseline, kpi.target))
        exact = number_text(kpi.latest.value, kpi.unit)
        assert shown in flat, f"{kpi.name}: {shown} not printed"
        assert shown == exact or exact not in flat, f"{kpi.name}: {exact} printed"
