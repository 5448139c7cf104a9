from newsletter.models.deliveries import Delivery
from newsletter.models.editions import Edition, EditionArticle
from newsletter.models.send_rate import SendClock
from newsletter.models.subscribers import Subscriber

__all__ = ["Delivery", "Edition", "EditionArticle", "SendClock", "Subscriber"]
