from django.contrib import admin

from newsletter.models import Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "status", "created_at", "confirmed_at"]
    list_filter = ["status"]
    search_fields = ["email", "name"]
    readonly_fields = [
        "consent_text",
        "consented_at",
        "confirmed_at",
        "signup_page",
        "created_at",
    ]
