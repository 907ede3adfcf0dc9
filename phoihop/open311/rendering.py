"""Open311 answers in XML (text/xml, required by the standard) and JSON (which mirrors the XML: a list is
a top-level array). Payloads are plain Python: dicts, lists, strings, numbers, booleans and None."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse

FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}

# the element that holds each item of a list, by the list's own element name
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}

# characters XML 1.0 cannot carry (they never get into our data, but a serializer must not depend on that)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def fmt_datetime(value: dt.datetime | None) -> str | None:
    """ISO 8601 with the Vietnamese offset, to the second: 2026-11-22T09:30:00+07:00."""
    if value is None:
        return None
    return value.astimezone(ZoneInfo(settings.TIME_ZONE)).isoformat(timespec="seconds")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        tag = ITEM_TAGS.get(element.tag, "item")
        for child in value:
            _fill(ET.SubElement(element, tag), child)
    else:
        element.text = _text(value)


def to_xml(root: str, payload) -> bytes:
    element = ET.Element(root)
    _fill(element, payload)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def to_json(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def respond(fmt: str, root: str, payload, *, status: int = 200) -> HttpResponse:
    """`root` names the XML document element (services, service_requests, service_definition, …)."""
    fmt = fmt if fmt in FORMATS else "xml"
    body = to_json(payload) if fmt == "json" else to_xml(root, payload)
    return HttpResponse(body, content_type=FORMATS[fmt], status=status)


def error_response(fmt: str, status: int, *descriptions: str, headers: dict | None = None) -> HttpResponse:
    """The standard's error body: a list of {code, description}; the code is the HTTP status."""
    payload = [{"code": status, "description": d} for d in descriptions]
    response = respond(fmt, "errors", payload, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response
