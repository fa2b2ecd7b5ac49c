"""Writes for scoring (考核): the office's weights."""
from django.db import transaction
from django.utils import timezone

from ..models import ScoreWeights


@transaction.atomic
def score_weights_save(*, weights: ScoreWeights, actor) -> ScoreWeights:
    """Save the office's weights (there is one set), recording who changed them and when."""
    weights.full_clean()
    weights.updated_by = actor
    weights.updated_at = timezone.now()
    weights.save()
    return weights
