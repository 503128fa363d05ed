from django.urls import path

from lantern.cases import ownership_views, people_views, search_views, views

app_name = "cases"
urlpatterns = [
    path("", views.my_cases, name="my_cases"),
    path("team/", views.team, name="team"),
    path("search/", search_views.legacy_search, name="search"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/people/", views.people, name="people"),
    path("<int:pk>/people/add/", people_views.add_person, name="add_person"),
    path("<int:pk>/timeline/", views.timeline, name="timeline"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/ownership/", ownership_views.ownership, name="ownership"),
    path("handovers/<int:pk>/", ownership_views.handover, name="handover"),
    path("transfers/<int:pk>/", ownership_views.transfer, name="transfer"),
]
