from django.urls import path

from lantern.portal import advocate_consent, victim_views, views

app_name = "portal"
urlpatterns = [
    # The advocate (their home page after sign-in)
    path("clients/", views.client_list, name="clients"),
    path("clients/consent/", advocate_consent.advocate_consent, name="advocate_consent"),
    path(
        "clients/consent/<int:consent_pk>/withdraw/",
        advocate_consent.advocate_consent_withdraw,
        name="advocate_consent_withdraw",
    ),
    path("clients/<int:case_id>/", views.client_case, name="client_case"),
    path("clients/<int:case_id>/withdraw/", views.advocate_withdraw, name="advocate_withdraw"),
    path("clients/<int:case_id>/feedback/", views.advocate_feedback, name="advocate_feedback"),
    # The police: consent and the victim's link, on the case
    path("cases/<int:pk>/victim-access/", views.case_access, name="case_access"),
    path("cases/<int:pk>/victim-access/consent/", views.consent_new, name="consent_new"),
    path(
        "cases/<int:pk>/victim-access/consent/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("cases/<int:pk>/victim-access/link/", views.invitation_issue, name="invitation_issue"),
    path(
        "cases/<int:pk>/victim-access/link/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("cases/<int:pk>/victim-access/", views.case_access, name="invitations"),
    path("measures/requests/", views.request_measures, name="requests"),
    # The victim (no account: a link and a passcode); neutral paths
    path("i/<str:token>/", victim_views.start, name="victim_start"),
    path("i/<str:token>/page/", victim_views.page, name="victim_page"),
    path("i/<str:token>/letters/<int:letter_pk>/", victim_views.letter, name="victim_letter"),
    path("i/<str:token>/feedback/", victim_views.victim_feedback, name="victim_feedback"),
]
