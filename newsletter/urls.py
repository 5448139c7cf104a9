from django.urls import path

from newsletter import views

app_name = "newsletter"
urlpatterns = [
    path("", views.signup, name="signup"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("my-data/<str:token>/", views.my_data, name="my_data"),
    path("test-copy/<str:link>/", views.test_copy_link, name="test_copy_link"),
]
