from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied

from articles.models import Article


class TagAutocompleteView(AutocompleteJsonView):
    """Existing tags for the article form's tag box, answered by name.

    Searches through taggit's own TagAdmin (``search_fields = ["name"]``). Open to
    whoever may write a story, since every writer tags, rather than only to those
    allowed to view the Tag admin.
    """

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(
            request
        )
        if source_field != Article._meta.get_field("tags"):
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name

    def has_perm(self, request, obj=None):
        articles = self.admin_site.get_model_admin(Article)
        return articles.has_add_permission(request) or articles.has_change_permission(
            request
        )

    def serialize_result(self, obj, to_field_name):
        return {"id": obj.name, "text": obj.name}
