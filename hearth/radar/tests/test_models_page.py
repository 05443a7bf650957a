"""The risk-models page: what was fitted, how it did on held-out weeks, which model is in use."""

from __future__ import annotations

import pytest

from hearth.radar.fitting import risk_models_fit
from hearth.radar.models import RiskModelFit
from hearth.radar.tests.test_fitting import _history


@pytest.mark.django_db
def test_the_page_shows_the_held_out_comparison_and_the_model_in_use(cast):
    _history(cast, agents=120, developmental_drives_leaving=True)
    risk_models_fit(centre=cast.centre)
    page = cast.client_for("hana").get("/radar/models/").content.decode()
    assert "In use: the fitted model." in page and "C-index" in page
    assert 'data-chart="fit-calibration-leaving"' in page
    assert "score_developmental" in page  # what the fitted model weighs


@pytest.mark.django_db
def test_with_too_little_history_the_page_says_why_the_points_model_stays(cast):
    client = cast.client_for("ada")
    assert client.post("/radar/models/fit/").status_code == 302
    assert RiskModelFit.objects.count() == 2
    page = client.get("/radar/models/").content.decode()
    assert page.count("In use: the points model.") == 2 and "No history to fit on." in page


@pytest.mark.django_db
def test_only_admins_may_refit(cast):
    assert cast.client_for("hana").post("/radar/models/fit/").status_code == 404
    assert RiskModelFit.objects.count() == 0
