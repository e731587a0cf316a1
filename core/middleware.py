"""Request guards that hold for every page and endpoint."""

from django.http import HttpResponseBadRequest, JsonResponse

from core.parsers import NON_FIELD, NUL_MESSAGE as NUL_IN_QUERY


class RefuseNulInQueryString:
    """A NUL in a query value would reach a database lookup (API filters, admin search and
    autocomplete), which PostgreSQL answers with an error: refuse it up front with a 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = sorted(
            key if "\x00" not in key else NON_FIELD
            for key, values in request.GET.lists()
            if "\x00" in key or any("\x00" in value for value in values)
        )
        if not bad:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({key: [NUL_IN_QUERY] for key in bad}, status=400)
        return HttpResponseBadRequest(NUL_IN_QUERY, content_type="text/plain; charset=utf-8")
