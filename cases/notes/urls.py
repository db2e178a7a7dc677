"""The addresses of a case's notes and contacts, inside the case's own URL space."""

from django.urls import path

from . import views

urlpatterns = [
    path("<str:reference>/notes/", views.notes_list, name="notes"),
    path("<str:reference>/notes/new/", views.note_new, name="note_new"),
    path("<str:reference>/contacts/new/", views.contact_new, name="contact_new"),
    path("<str:reference>/notes/<int:note_id>/correct/", views.note_correct, name="note_correct"),
]
