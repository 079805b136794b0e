from django.urls import path

from buyers.messaging import api

urlpatterns = [
    path("conversations/", api.ConversationListApi.as_view(), name="conversation-list"),
    path("conversations/start/", api.ConversationStartApi.as_view(), name="conversation-start"),
    path("conversations/<int:conversation_id>/", api.ConversationDetailApi.as_view(), name="conversation-detail"),
    path(
        "conversations/<int:conversation_id>/messages/",
        api.ConversationMessageApi.as_view(),
        name="conversation-message",
    ),
    path("conversations/<int:conversation_id>/read/", api.ConversationReadApi.as_view(), name="conversation-read"),
    path("attachments/<int:attachment_id>/", api.AttachmentDownloadApi.as_view(), name="attachment-download"),
    path("orders/<str:number>/claims/", api.ClaimOpenApi.as_view(), name="claim-open"),
    path("claims/", api.ClaimListApi.as_view(), name="claim-list"),
    path("claims/<int:claim_id>/", api.ClaimDetailApi.as_view(), name="claim-detail"),
    path("seller/conversations/", api.SellerConversationListApi.as_view(), name="seller-conversation-list"),
    path(
        "seller/conversations/<int:conversation_id>/",
        api.SellerConversationDetailApi.as_view(),
        name="seller-conversation-detail",
    ),
    path(
        "seller/conversations/<int:conversation_id>/messages/",
        api.SellerConversationMessageApi.as_view(),
        name="seller-conversation-message",
    ),
    path(
        "seller/conversations/<int:conversation_id>/read/",
        api.SellerConversationReadApi.as_view(),
        name="seller-conversation-read",
    ),
    path("seller/claims/", api.SellerClaimListApi.as_view(), name="seller-claim-list"),
    path("seller/claims/<int:claim_id>/", api.SellerClaimDetailApi.as_view(), name="seller-claim-detail"),
    path("seller/claims/<int:claim_id>/respond/", api.SellerClaimRespondApi.as_view(), name="seller-claim-respond"),
    path("seller/claims/<int:claim_id>/refund/", api.SellerClaimRefundApi.as_view(), name="seller-claim-refund"),
    path(
        "operator/conversations/<int:conversation_id>/",
        api.OperatorConversationDetailApi.as_view(),
        name="operator-conversation-detail",
    ),
    path(
        "operator/conversations/<int:conversation_id>/join/",
        api.OperatorConversationJoinApi.as_view(),
        name="operator-conversation-join",
    ),
    path(
        "operator/conversations/<int:conversation_id>/messages/",
        api.OperatorConversationMessageApi.as_view(),
        name="operator-conversation-message",
    ),
    path(
        "operator/conversations/<int:conversation_id>/claim/",
        api.OperatorConversationClaimApi.as_view(),
        name="operator-conversation-claim",
    ),
    path("operator/claims/", api.OperatorClaimListApi.as_view(), name="operator-claim-list"),
    path("operator/claims/<int:claim_id>/", api.OperatorClaimDetailApi.as_view(), name="operator-claim-detail"),
    path("operator/claims/<int:claim_id>/decide/", api.OperatorClaimDecideApi.as_view(), name="operator-claim-decide"),
]
