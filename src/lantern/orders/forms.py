"""Forms of the orders pages. Each lists its fields in order and the GOV.UK include each uses, so
one template (orders/form.html) renders them all with the error summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField

from lantern.core.forms import GovukDateField, GovukForm
from lantern.core.models import Force
from lantern.orders.models import CourtDecision, Notification, Order, OrderKind, Prohibition

YES_NO = [("yes", "Yes"), ("no", "No")]


@dataclass(frozen=True)
class Row:
    field: BoundField
    template: str


def _template(field: forms.Field) -> str:
    if isinstance(field, GovukDateField):
        return "includes/fields/date.html"
    if isinstance(field.widget, forms.RadioSelect):
        return "includes/fields/radios.html"
    if isinstance(field.widget, forms.Textarea):
        return "includes/fields/textarea.html"
    if isinstance(field.widget, forms.Select):
        return "includes/fields/select.html"
    return "includes/fields/input.html"


def yes_no(label: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect, **kwargs)


def date(label: str, required: bool = True, **kwargs: Any) -> GovukDateField:
    return GovukDateField(label=label, required=required, **kwargs)


class OrdersForm(GovukForm):
    def rows(self) -> list[Row]:
        return [Row(self[name], _template(field)) for name, field in self.fields.items()]

    def set_required_messages(self) -> None:
        for field in self.fields.values():
            field.error_messages["required"] = (
                f"Enter {str(field.label).lower()}"
                if not isinstance(field.widget, forms.RadioSelect | forms.Select)
                else f"Choose {str(field.label).lower()}"
            )

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - the form's own declaration
        field.choices = choices

    def flag(self, name: str) -> bool:
        return bool(self.cleaned_data.get(name) == "yes")


def _forces() -> list[tuple[str, str]]:
    return [("", "Choose a force"), *((str(f.pk), f.name) for f in Force.objects.order_by("name"))]


class NewOrderForm(OrdersForm):
    kind = forms.ChoiceField(label="Kind of order", choices=OrderKind.choices, widget=forms.RadioSelect)
    subject = forms.ChoiceField(label="Person the order is against", widget=forms.RadioSelect)
    state = forms.ChoiceField(
        label="Where is it now?",
        widget=forms.RadioSelect,
        choices=[
            (Order.State.DRAFT, "We are drafting the application"),
            (Order.State.APPLIED, "We have applied to the court"),
            (Order.State.GRANTED, "The court has made the order"),
        ],
    )
    court = forms.CharField(label="Court", max_length=160, help_text="For example, Birmingham Magistrates' Court")
    reference = forms.CharField(label="Court or force reference (optional)", max_length=60, required=False)
    managing_force = forms.ChoiceField(label="Force managing the order", help_text="The force where the person lives")
    managing_officer = forms.CharField(
        label="Username of the managing officer",
        max_length=150,
        help_text="An investigator, SPOC or supervisor of the managing force",
    )
    applied_on = date("Date applied (optional)", required=False)
    made_on = date("Date the order was made", required=False, help_text="Only if the court has made it")
    served_on = date(
        "Date the order was served (optional)",
        required=False,
        help_text="Starts the 3-day notification clock; the date made is used if empty",
    )
    ends_on = date("Date the order ends (optional)", required=False, help_text="Leave empty for 'until further order'")
    notification_required = yes_no("Must the person notify their name and address?", initial="yes")
    foreign_travel_prohibited = yes_no("Does it prohibit foreign travel?", initial="no")
    travel_countries = forms.CharField(
        label="Countries (leave empty for all countries)", max_length=255, required=False
    )
    travel_ends_on = date("Date the travel prohibition ends", required=False, help_text="At most 5 years")
    passport_surrender = yes_no("Must the person surrender their passports?", initial="no")
    passport_station = forms.CharField(
        label="Police station for surrendering passports", max_length=160, required=False
    )
    review_interval_months = forms.IntegerField(label="Review every (months)", min_value=1, max_value=24, initial=6)

    service_field_map = {"decided_on": "made_on", "main_order": "kind"}

    def __init__(self, *args: Any, subjects: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("subject", subjects)
        self._choices("managing_force", _forces())
        self.set_required_messages()


class DecisionForm(OrdersForm):
    granted = forms.ChoiceField(
        label="What did the court decide?",
        widget=forms.RadioSelect,
        choices=[("yes", "Granted: the order was made"), ("no", "Refused")],
    )
    decided_on = date("Date of the decision")
    served_on = date("Date the order was served (optional)", required=False)
    ends_on = date("Date the order ends (optional)", required=False, help_text="Leave empty for 'until further order'")
    travel_ends_on = date("Date the foreign travel prohibition ends (if any)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_required_messages()


class ProhibitionForm(OrdersForm):
    kind = forms.ChoiceField(
        label="Prohibition or requirement",
        choices=Prohibition.Kind.choices,
        widget=forms.RadioSelect,
        initial="prohibition",
    )
    text = forms.CharField(label="What the order says", max_length=2000, widget=forms.Textarea)
    starts_on = date("Starts on (optional)", required=False, help_text="Empty: when the order was made")
    ends_on = date("Ends on (optional)", required=False, help_text="Empty: as long as the order")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_required_messages()


class NotificationForm(OrdersForm):
    kind = forms.ChoiceField(
        label="What is being notified?", choices=Notification.Kind.choices, widget=forms.RadioSelect
    )
    names = forms.CharField(label="Name or names given", max_length=255)
    address = forms.CharField(label="Home address given", max_length=1000, widget=forms.Textarea)
    address_force = forms.ChoiceField(label="Police force area of the address")
    notified_on = date("Date notified")
    changed_on = date("Date of the change (for a change)", required=False)

    service_field_map = {"address_force_code": "address_force"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("address_force", _forces())
        self.set_required_messages()


class ReviewForm(OrdersForm):
    reviewed_on = date("Date of the review")
    summary = forms.CharField(
        label="Review",
        max_length=5000,
        widget=forms.Textarea,
        help_text="Compliance, current risk, whether to apply to vary, renew or discharge",
    )
    next_review_on = date("Next review (optional)", required=False, help_text="Empty: the order's review interval")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_required_messages()


class CourtDecisionForm(OrdersForm):
    kind = forms.ChoiceField(label="Decision", choices=CourtDecision.Kind.choices, widget=forms.RadioSelect)
    decided_on = date("Date of the decision")
    court = forms.CharField(label="Court", max_length=160)
    summary = forms.CharField(label="What the court decided", max_length=5000, widget=forms.Textarea)
    new_ends_on = date("New end date (variation or renewal)", required=False)
    defendant_consent = yes_no("Did the defendant consent? (discharge)", initial="no")
    chief_officer_consent = yes_no("Did the chief officer consent? (discharge)", initial="no")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_required_messages()


class BreachForm(OrdersForm):
    occurred_on = date("Date of the suspected breach")
    crime_reference = forms.CharField(
        label="Crime reference for the new case",
        max_length=40,
        help_text="Issued by your force: the case opens in your force",
    )
    summary = forms.CharField(label="What happened", max_length=5000, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_required_messages()


class OfferDecisionForm(OrdersForm):
    accept = forms.ChoiceField(
        label="Will your force manage this order?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes: accept and name the managing officer"), ("no", "No: decline")],
    )
    officer = forms.CharField(label="Username of the managing officer (if accepting)", max_length=150, required=False)
    note = forms.CharField(
        label="Why you are declining (if declining)", max_length=500, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_required_messages()
