from django.urls import path

from lantern.decisions import views

app_name = "decisions"
urlpatterns = [
    path("cases/<int:pk>/decisions/", views.case, name="case"),
    path("cases/<int:pk>/decisions/enquiries/", views.checklist, name="checklist"),
    path("cases/<int:pk>/decisions/interviews/new/", views.interview, name="interview"),
    path("cases/<int:pk>/decisions/accounts/<int:victim_pk>/", views.account, name="account"),
    path("cases/<int:pk>/decisions/credibility/<int:victim_pk>/", views.credibility, name="credibility"),
    path("cases/<int:pk>/decisions/new/", views.propose, name="propose"),
    path("cases/<int:pk>/decisions/new-information/", views.new_information, name="new_information"),
    path("cases/<int:pk>/decisions/reopen/", views.reopen, name="reopen"),
    path("cases/<int:pk>/decisions/cps/new/", views.cps_new, name="cps_new"),
    path("cases/<int:pk>/decisions/court/new/", views.hearing_new, name="hearing_new"),
    path("decisions/", views.work, name="work"),
    path("decisions/<int:pk>/", views.detail, name="detail"),
    path("decisions/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("decisions/<int:pk>/letters/", views.make_letters, name="make_letters"),
    path("decisions/<int:pk>/close/", views.close, name="close"),
    path("decisions/<int:pk>/charge/", views.apply_charge, name="apply_charge"),
    path("decisions/<int:pk>/correct/", views.correct, name="correct"),
    path("decisions/<int:pk>/written-reasons/", views.written_reasons, name="written_reasons"),
    path("decisions/<int:pk>/review/", views.review_request, name="review_request"),
    path("decisions/accounts/<int:pk>/agree/", views.agree, name="agree"),
    path("decisions/letters/<int:pk>.pdf", views.letter_pdf, name="letter_pdf"),
    path("decisions/letters/<int:pk>/delivered/", views.delivered, name="delivered"),
    path("decisions/written-reasons/<int:pk>/send/", views.send_written_reasons, name="send_written_reasons"),
    path("decisions/reviews/<int:pk>/", views.review, name="review"),
    path("decisions/tasks/<int:pk>/", views.task, name="task"),
    path("decisions/cps/<int:pk>/", views.cps_decision, name="cps_decision"),
    path("decisions/court/<int:pk>/result/", views.hearing_result, name="hearing_result"),
]
