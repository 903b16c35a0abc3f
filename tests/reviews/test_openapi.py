"""OpenAPI documents every revision route with its response model (or, for a download, its file types)."""

from __future__ import annotations

JSON_ROUTES = {
    ("get", "/api/v1/reviews/due"): "DueCards",
    ("get", "/api/v1/reviews/stats"): "ReviewStatsRead",
    ("get", "/api/v1/reviews/history"): "ReviewHistory",
    ("get", "/api/v1/reviews/{card_id}"): "CardRead",
    ("post", "/api/v1/reviews/{card_id}"): "ReviewResult",
    ("post", "/api/v1/reviews/{card_id}/suspend"): "CardRead",
    ("post", "/api/v1/reviews/{card_id}/unsuspend"): "CardRead",
    ("post", "/api/v1/mock-tests"): "MockTestRead",
    ("get", "/api/v1/mock-tests"): "BuiltTests",
    ("get", "/api/v1/questions/statistics"): "QuestionStatisticsList",
}
FILE_ROUTES = {("get", "/api/v1/history/sessions/{session_id}/export"), ("get", "/api/v1/reviews/export")}


async def test_every_revision_route_documents_what_it_returns(client):
    response = await client.get("/openapi.json")
    assert response.status_code == 200, response.text
    spec = response.json()
    for (method, path), model in JSON_ROUTES.items():
        operation = spec["paths"][path][method]
        success = next(code for code in operation["responses"] if code.startswith("2"))
        schema = operation["responses"][success]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{model}"}, (method, path, schema)
        assert operation["summary"]
        assert operation["responses"]["401"]["content"]["application/json"]["schema"]["$ref"].endswith("ErrorEnvelope")
    for method, path in FILE_ROUTES:
        operation = spec["paths"][path][method]
        content = operation["responses"]["200"]["content"]
        assert {"application/pdf", "application/apkg", "text/csv", "text/markdown"} <= set(content)
        assert all(body["schema"] == {"type": "string", "format": "binary"} for body in content.values())
        formats = next(p for p in operation["parameters"] if p["name"] == "format")["schema"]
        assert formats["enum"] == ["apkg", "pdf", "md", "csv"]
    grading = spec["components"]["schemas"]["GradeBody"]["properties"]
    assert grading["rating"]["enum"] == ["again", "hard", "good", "easy"] and "request_id" in grading
