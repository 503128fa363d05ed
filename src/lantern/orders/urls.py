from django.urls import path

from lantern.orders import views

app_name = "orders"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/case/<int:case_pk>/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/prohibitions/new/", views.prohibition, name="prohibition"),
    path("<int:pk>/notifications/new/", views.notification, name="notification"),
    path("<int:pk>/reviews/new/", views.review, name="review"),
    path("<int:pk>/court-decisions/new/", views.court_decision, name="court_decision"),
    path("<int:pk>/breaches/new/", views.breach, name="breach"),
    path("offers/<int:pk>/", views.offer, name="offer"),
]
