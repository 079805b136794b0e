from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "buyers.messaging"
    label = "messaging"
