"""Form plumbing for GOV.UK Frontend pages, and the sign-in form.

GovukForm gives every form GOV.UK-style ids (the field name, with the form prefix), an error
summary that links to the field at fault, and a way to show a domain service's ValidationError
against the field it names. GovukDateField is the GOV.UK date input (day, month, year boxes).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from lantern.core import clock


@dataclass(frozen=True)
class SummaryError:
    href: str
    message: str


class DateInputWidget(forms.MultiWidget):
    """Three text boxes named <name>_day, <name>_month, <name>_year."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput,
            "month": forms.TextInput,
            "year": forms.TextInput,
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK error messages."""

    widget = DateInputWidget

    def __init__(self, *, label: str = "Date", past_only: bool = False, **kwargs: Any) -> None:
        self.name_in_messages = label
        self.past_only = past_only
        part = forms.CharField(required=False)
        super().__init__(fields=(part, part, part), require_all_fields=False, label=label, **kwargs)

    def clean(self, value: Any) -> datetime.date | None:
        parts = [str(p).strip() if p is not None else "" for p in (value or ["", "", ""])]
        name = self.name_in_messages
        if not any(parts):
            if self.required:
                raise ValidationError(f"Enter the {name.lower()}")
            return None
        missing = [label for label, part in zip(("a day", "a month", "a year"), parts, strict=True) if not part]
        if missing:
            raise ValidationError(f"{name} must include {' and '.join(missing)}")
        if not all(part.isdigit() for part in parts):
            raise ValidationError(f"{name} must be a real date, using numbers only")
        day, month, year = (int(part) for part in parts)
        if len(parts[2]) != 4:
            raise ValidationError(f"Year must include 4 numbers, like {clock.today().year - 30}")
        try:
            result = datetime.date(year, month, day)
        except ValueError as exc:
            raise ValidationError(f"{name} must be a real date") from exc
        if self.past_only and result > clock.today():
            raise ValidationError(f"{name} must be today or in the past")
        return result

    def compress(self, data_list: list[Any]) -> Any:  # clean() above does the work
        return data_list


class GovukForm(forms.Form):
    """A form whose ids are the field names (GOV.UK style) and that lists its errors for the
    error summary."""

    # Where a service's error for a field this form does not have should be shown.
    service_field_map: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def anchor(self, name: str) -> str:
        """The id the error summary links to for a field: the first box of a date input."""
        bound = self[name]
        if isinstance(self.fields[name], GovukDateField):
            return f"{bound.auto_id}-day"
        if isinstance(self.fields[name].widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            return f"{bound.auto_id}"
        return str(bound.auto_id)

    def error_summary(self) -> list[SummaryError]:
        items: list[SummaryError] = []
        if not self.errors:
            return items
        visible = [name for name, field in self.fields.items() if not field.widget.is_hidden]
        first = f"#{self.anchor(visible[0])}" if visible else "#main-content"
        for message in self.non_field_errors():
            items.append(SummaryError(first, str(message)))
        for name in self.fields:
            for message in self.errors.get(name, []):
                items.append(SummaryError(f"#{self.anchor(name)}", str(message)))
        return items

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a domain service's refusal against the field it names (or at the top). Works on an
        unbound form too (a refusal of a button that sends no fields)."""
        if not hasattr(self, "cleaned_data"):
            _ = self.errors
            self.cleaned_data = {}
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                target = self.service_field_map.get(field, field)
                for error in errors:
                    for message in error.messages:
                        self.add_error(target if target in self.fields else None, message)
        else:
            for message in exc.messages:
                self.add_error(None, message)


class SignInForm(GovukForm):
    username = forms.CharField(label="Username", max_length=150)
    password = forms.CharField(label="Password", max_length=256, strip=False, widget=forms.PasswordInput)

    def clean_username(self) -> str:
        value: str = self.cleaned_data["username"].strip()
        if not value:
            raise ValidationError("Enter your username")
        return value

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class CodeForm(GovukForm):
    """The second step of sign-in, and the confirmation of a new authenticator app."""

    code = forms.CharField(label="Code", max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].error_messages["required"] = "Enter the 6-digit code from your authenticator app"
