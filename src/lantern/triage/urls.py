from django.urls import path

from lantern.triage import views

app_name = "triage"
urlpatterns = [
    path("", views.queue_page, name="queue"),
    path("items/<int:pk>/", views.item_page, name="item"),
    path("items/<int:pk>/assessment/", views.assess, name="assess"),
    path("items/<int:pk>/allocation/", views.allocate, name="allocate"),
    path("training/", views.skills_page, name="skills"),
    path("training/officers/<int:pk>/", views.officer_skills, name="officer_skills"),
    path("training/records/<int:pk>/withdraw/", views.withdraw_training, name="withdraw_training"),
    path("operations/", views.operations_page, name="operations"),
    path("operations/<int:pk>/", views.operation_page, name="operation"),
]
