from django.urls import path

from lantern.victims_code import views

app_name = "victims_code"
urlpatterns = [
    path("cases/<int:pk>/victim-updates/", views.case_duties, name="case_duties"),
    path("cases/<int:pk>/victim-updates/record/", views.record_update, name="record_update"),
    path("cases/<int:pk>/victim-updates/send/", views.send_update, name="send_update"),
    path("cases/<int:pk>/victim-updates/event/", views.record_event, name="record_event"),
    path("cases/<int:pk>/victim-updates/contact-plan/", views.contact_plan, name="contact_plan"),
    path("cases/<int:pk>/victim-updates/contact-details/", views.contact_details, name="contact_details"),
    path("cases/<int:pk>/victim-updates/contact-details/view/", views.reveal_contact, name="reveal_contact"),
    path("cases/<int:pk>/victim-updates/enhanced-rights/", views.enhanced_rights, name="enhanced_rights"),
    path("victims-code/duties/<int:pk>/waive/", views.waive, name="waive"),
    path("victims-code/updates/<int:pk>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("victims-code/updates/<int:pk>/delivered/", views.letter_delivered, name="letter_delivered"),
    path("victims-code/messages/<int:pk>/retry/", views.retry_message, name="retry_message"),
    path("victims-code/messages/failed/", views.failures, name="failures"),
    path("victims-code/my-duties/", views.my_duties, name="my_duties"),
    path("victims-code/measures/", views.measures_page, name="measures"),
    path("victims-code/measures.csv", views.measures_csv, name="measures_csv"),
]
