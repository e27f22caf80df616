from wagtail.permission_policies import ModelPermissionPolicy


class DeliveryLogPolicy(ModelPermissionPolicy):
    """The delivery log is written by deliveries only: people may read it, never edit it."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, "view")
