from django.urls import path

app_name = "nrm"
urlpatterns: list = []
