from django.urls import path

from lantern.safeguarding import case_views, views
from lantern.safeguarding.first_response import views as fr_views
from lantern.safeguarding.interpreters import case_views as booking_views
from lantern.safeguarding.interpreters import views as interpreter_views
from lantern.safeguarding.protected import views as protected_views
from lantern.safeguarding.section45 import views as s45_views
from lantern.safeguarding.sharing import views as sharing_views

app_name = "safeguarding"
urlpatterns = [
    path("", fr_views.index, name="index"),
    path("first-response/start/", fr_views.start, name="start"),
    path("first-response/<int:pk>/check/", fr_views.check, name="check"),
    path("first-response/<int:pk>/done/", fr_views.done, name="done"),
    path("first-response/<int:pk>/referral/", fr_views.referral, name="referral"),
    path("first-response/<int:pk>/referral/pdf/", fr_views.referral_pdf, name="referral_pdf"),
    path("first-response/<int:pk>/<slug:step>/", fr_views.step, name="step"),
    path("guidance/", views.guidance_index, name="guidance"),
    path("guidance/<slug:slug>/", views.guidance_page, name="guidance_page"),
    path("alerts/<int:pk>/seen/", views.alert_seen, name="alert_seen"),
    path("nrm/<int:pk>/decisions/", views.nrm_decisions, name="nrm_decisions"),
    path("oversight/", views.oversight, name="oversight"),
    path("interpreters/", interpreter_views.interpreter_register, name="interpreters"),
    path("interpreters/new/", interpreter_views.interpreter_new, name="interpreter_new"),
    path("interpreters/<int:pk>/", interpreter_views.interpreter_edit, name="interpreter_edit"),
    path("interpreters/<int:pk>/retire/", interpreter_views.interpreter_retire, name="interpreter_retire"),
    path("cases/<int:case_id>/", case_views.hub, name="case"),
    path("cases/<int:case_id>/protected/new/", protected_views.protect_new, name="protect_new"),
    path("cases/<int:case_id>/protected/<int:pk>/", protected_views.protected_detail, name="protected_detail"),
    path("cases/<int:case_id>/disclosure/", protected_views.disclosure, name="disclosure"),
    path("cases/<int:case_id>/interpreters/new/", booking_views.booking_new, name="booking_new"),
    path("cases/<int:case_id>/interpreters/<int:pk>/", booking_views.booking, name="booking"),
    path("cases/<int:case_id>/section-45/new/", s45_views.section45_new, name="section45_new"),
    path("cases/<int:case_id>/section-45/<int:pk>/", s45_views.section45_detail, name="section45_detail"),
    path("cases/<int:case_id>/charges/new/", s45_views.charge_new, name="charge_new"),
    path("cases/<int:case_id>/sharing/new/", sharing_views.share_new, name="share_new"),
    path("cases/<int:case_id>/sharing/<int:pk>/", sharing_views.share_detail, name="share_detail"),
    path("cases/<int:case_id>/immigration-status/new/", sharing_views.status_event_new, name="status_event_new"),
]
