from django.urls import path

from lantern.notify import views

app_name = "notify"

urlpatterns = [
    path("demo/sent-messages/", views.sent_messages, name="sent_messages"),
]
