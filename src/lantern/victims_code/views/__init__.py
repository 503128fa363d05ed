"""Victims' Code pages, by concern: a case's duties and updates (duties), the contact plan,
contact details and enhanced rights (contact), letters and messages (letters), and the measures
(measures).

Views are thin: cases come through lantern.cases.access, reads through queries, changes through
services on lantern.core.web.form_page; a service's refusal is shown on the form field it names.
The names below are the ones urls.py routes to."""

from lantern.victims_code.views.contact import contact_details, contact_plan, enhanced_rights, reveal_contact
from lantern.victims_code.views.duties import case_duties, my_duties, record_event, record_update, send_update, waive
from lantern.victims_code.views.letters import failures, letter_delivered, letter_pdf, retry_message
from lantern.victims_code.views.measures import measures_csv, measures_page

__all__ = [
    "case_duties",
    "contact_details",
    "contact_plan",
    "enhanced_rights",
    "failures",
    "letter_delivered",
    "letter_pdf",
    "measures_csv",
    "measures_page",
    "my_duties",
    "record_event",
    "record_update",
    "retry_message",
    "reveal_contact",
    "send_update",
    "waive",
]
