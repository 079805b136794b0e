from django.urls import path

from buyers.surveys import api

urlpatterns = [
    path("surveys/<str:token>/", api.SurveyApi.as_view(), name="survey"),
    path("seller/surveys/results/", api.SellerSurveyResultsApi.as_view(), name="seller-survey-results"),
    path("operator/surveys/results/", api.OperatorSurveyResultsApi.as_view(), name="operator-survey-results"),
]
