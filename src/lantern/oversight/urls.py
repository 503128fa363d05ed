from django.urls import path

from lantern.oversight import views

app_name = "oversight"
urlpatterns = [
    path("force/", views.force, name="force"),
    path("national/", views.national, name="national"),
]
