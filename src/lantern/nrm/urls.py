from django.urls import path

from lantern.nrm import views

app_name = "nrm"
urlpatterns = [
    path("alerts/", views.alerts, name="alerts"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/link/", views.link, name="link"),
    path("<int:pk>/no-crime/", views.no_crime, name="no_crime"),
    path("<int:pk>/record-crime/", views.record_crime, name="record_crime"),
]
