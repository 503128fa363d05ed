from django.urls import path

from lantern.oversight import views

app_name = "oversight"
urlpatterns = [
    path("force/", views.force, name="force"),
    path("national/", views.national, name="national"),
    path("national/publication/", views.download, name="download"),
    path("cases/", views.cases, name="cases"),
    path("recommendations/", views.recommendations_page, name="recommendations"),
]
