"""The cheaper template helpers of issue 15 item 3 give exactly what Django's own would."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse

from lantern.cases.models import Case, CaseReference, CaseStatus, TimelineEvent
from lantern.core.templatetags.lantern import display, id_url


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("cases:detail", (1,)),
        ("cases:detail", (1234567,)),
        ("cases:handover", (0,)),
        ("victims_code:case_duties", (42,)),
        ("nrm:record_crime", (9,)),
    ],
)
def test_id_url_is_the_url_tag(name: str, ids: tuple[int, ...]) -> None:
    assert id_url(name, *ids) == reverse(name, args=ids)


def test_id_url_in_a_template_matches_the_url_tag() -> None:
    rendered = Template("{% load lantern %}{% id_url 'cases:detail' pk %}|{% url 'cases:detail' pk %}").render(
        Context({"pk": 77})
    )
    ours, django = rendered.split("|")
    assert ours == django == "/cases/77/"


def test_id_url_falls_back_to_reverse_for_other_arguments() -> None:
    assert id_url("cases:detail", "12") == reverse("cases:detail", args=["12"])


def test_display_is_get_foo_display() -> None:
    for status in CaseStatus:
        case = Case(status=status)
        assert display(case, "status") == case.get_status_display()
    unknown = Case(status="not-a-status")
    assert display(unknown, "status") == unknown.get_status_display() == "not-a-status"
    for kind in CaseReference.Kind:
        reference = CaseReference(kind=kind)
        assert display(reference, "kind") == reference.get_kind_display()
    for event_kind in TimelineEvent.Kind:
        event = TimelineEvent(kind=event_kind)
        assert display(event, "kind") == event.get_kind_display()
    assert display(None, "kind") == ""
