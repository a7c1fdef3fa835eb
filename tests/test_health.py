from fastapi.testclient import TestClient


def test_healthz_names_the_engine_and_its_spatial_version(client: TestClient, engine_name: str):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["engine"] == engine_name
    version_key = "spatialite" if engine_name == "spatialite" else "postgis"
    assert body[version_key][0].isdigit()


def test_unknown_route_is_a_problem_detail(client: TestClient):
    response = client.get("/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404
