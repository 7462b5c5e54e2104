from rest_framework import serializers


class SnippetSerializer(serializers.Serializer):
    page = serializers.IntegerField()
    html = serializers.CharField(help_text="Text around the hit, the matched words in <mark>; HTML-escaped.")


class SearchHitSerializer(serializers.Serializer):
    version_id = serializers.IntegerField(source="version.pk")
    document_id = serializers.IntegerField(source="version.document_id")
    number = serializers.CharField(source="version.document.number")
    title = serializers.CharField(source="version.document.title")
    revision = serializers.CharField(source="version.revision_label")
    status = serializers.CharField(source="version.status")
    effective_date = serializers.DateField(source="version.effective_date", allow_null=True)
    score = serializers.IntegerField()
    snippets = serializers.SerializerMethodField()

    def get_snippets(self, hit) -> list[dict]:
        return [{"page": page, "html": str(html)} for page, html in hit.snippets]
