from django.urls import path

from lantern.nrm import passing_views, views

app_name = "nrm"
urlpatterns = [
    path("alerts/", views.alerts, name="alerts"),
    path("new/", passing_views.record_referral, name="record_referral"),
    path("duty-to-notify/new/", passing_views.record_dtn, name="record_dtn"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/link/", views.link, name="link"),
    path("<int:pk>/no-crime/", views.no_crime, name="no_crime"),
    path("<int:pk>/record-crime/", views.record_crime, name="record_crime"),
    path("<int:pk>/pass/", passing_views.pass_referral, name="pass"),
    path("passings/<int:pk>/", passing_views.decide_passing, name="decide_passing"),
]
