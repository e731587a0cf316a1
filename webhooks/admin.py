from django.contrib import admin

from .models import Delivery, Endpoint


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "organisation", "active"]
    list_filter = ["active"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "endpoint", "status", "status_code", "attempts", "created_at"]
    list_filter = ["status", "event"]
    readonly_fields = ["payload"]
