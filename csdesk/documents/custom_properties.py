"""A Word document's custom properties (File → Properties → Custom in Word and LibreOffice):
where csdesk notes which workspace, account and export a success plan came from, so the
customer's edited copy is matched to them when it comes back."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one all user-defined properties use


def set_custom_properties(document: Any, values: dict[str, str]) -> None:
    """Write ``values`` as text properties of ``document`` (a python-docx Document), beside
    any it has (a template's own are kept)."""
    package = document.part.package
    merged = {**custom_properties_of(document), **values}
    properties = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(merged.items(), start=2))
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{_NS}" xmlns:vt="{_VT}">{properties}</Properties>').encode()
    part = _custom_part(package)
    if part is not None:
        part._blob = blob
        return
    part = Part(PackURI("/docProps/custom.xml"), CONTENT_TYPE, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def custom_properties_of(document: Any) -> dict[str, str]:
    """The document's custom properties as text (``{}`` when it has none)."""
    part = _custom_part(document.part.package)
    if part is None:
        return {}
    try:
        root = etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return {}
    values: dict[str, str] = {}
    for prop in root.iter(f"{{{_NS}}}property"):
        name = prop.get("name")
        if name:
            values[name] = "".join(prop.itertext()).strip()
    return values


def _custom_part(package: Any) -> Part | None:
    for rel in package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            return rel.target_part
    return None
