from __future__ import annotations

from django.urls import path

from shingikai.search import precedent_views, views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("precedents/<int:pk>/", precedent_views.precedents_page, name="precedents"),
]
