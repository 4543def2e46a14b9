//! The list of every ds operation's input and output type, shared by the test binary and the fuzz targets.

/// Calls `$callback!` with `(Input, Output)` for every ds operation, sorted by input type
/// name (a test checks the list against the model).
#[macro_export]
macro_rules! with_ds_operations {
    ($callback:ident) => {
        $callback!(
            (AcceptSharedDirectoryRequest, AcceptSharedDirectoryResult),
            (AddIpRoutesRequest, AddIpRoutesResult),
            (AddRegionRequest, AddRegionResult),
            (AddTagsToResourceRequest, AddTagsToResourceResult),
            (CancelSchemaExtensionRequest, CancelSchemaExtensionResult),
            (ConnectDirectoryRequest, ConnectDirectoryResult),
            (CreateAliasRequest, CreateAliasResult),
            (CreateComputerRequest, CreateComputerResult),
            (
                CreateConditionalForwarderRequest,
                CreateConditionalForwarderResult
            ),
            (CreateDirectoryRequest, CreateDirectoryResult),
            (CreateHybridAdRequest, CreateHybridAdResult),
            (CreateLogSubscriptionRequest, CreateLogSubscriptionResult),
            (CreateMicrosoftAdRequest, CreateMicrosoftAdResult),
            (CreateSnapshotRequest, CreateSnapshotResult),
            (CreateTrustRequest, CreateTrustResult),
            (DeleteAdAssessmentRequest, DeleteAdAssessmentResult),
            (
                DeleteConditionalForwarderRequest,
                DeleteConditionalForwarderResult
            ),
            (DeleteDirectoryRequest, DeleteDirectoryResult),
            (DeleteLogSubscriptionRequest, DeleteLogSubscriptionResult),
            (DeleteSnapshotRequest, DeleteSnapshotResult),
            (DeleteTrustRequest, DeleteTrustResult),
            (DeregisterCertificateRequest, DeregisterCertificateResult),
            (DeregisterEventTopicRequest, DeregisterEventTopicResult),
            (DescribeAdAssessmentRequest, DescribeAdAssessmentResult),
            (
                DescribeCaEnrollmentPolicyRequest,
                DescribeCaEnrollmentPolicyResult
            ),
            (DescribeCertificateRequest, DescribeCertificateResult),
            (
                DescribeClientAuthenticationSettingsRequest,
                DescribeClientAuthenticationSettingsResult
            ),
            (
                DescribeConditionalForwardersRequest,
                DescribeConditionalForwardersResult
            ),
            (DescribeDirectoriesRequest, DescribeDirectoriesResult),
            (
                DescribeDirectoryDataAccessRequest,
                DescribeDirectoryDataAccessResult
            ),
            (
                DescribeDomainControllersRequest,
                DescribeDomainControllersResult
            ),
            (DescribeEventTopicsRequest, DescribeEventTopicsResult),
            (DescribeHybridAdUpdateRequest, DescribeHybridAdUpdateResult),
            (DescribeLdapsSettingsRequest, DescribeLdapsSettingsResult),
            (DescribeRegionsRequest, DescribeRegionsResult),
            (DescribeSettingsRequest, DescribeSettingsResult),
            (
                DescribeSharedDirectoriesRequest,
                DescribeSharedDirectoriesResult
            ),
            (DescribeSnapshotsRequest, DescribeSnapshotsResult),
            (DescribeTrustsRequest, DescribeTrustsResult),
            (
                DescribeUpdateDirectoryRequest,
                DescribeUpdateDirectoryResult
            ),
            (
                DisableCaEnrollmentPolicyRequest,
                DisableCaEnrollmentPolicyResult
            ),
            (
                DisableClientAuthenticationRequest,
                DisableClientAuthenticationResult
            ),
            (
                DisableDirectoryDataAccessRequest,
                DisableDirectoryDataAccessResult
            ),
            (DisableLdapsRequest, DisableLdapsResult),
            (DisableRadiusRequest, DisableRadiusResult),
            (DisableSsoRequest, DisableSsoResult),
            (
                EnableCaEnrollmentPolicyRequest,
                EnableCaEnrollmentPolicyResult
            ),
            (
                EnableClientAuthenticationRequest,
                EnableClientAuthenticationResult
            ),
            (
                EnableDirectoryDataAccessRequest,
                EnableDirectoryDataAccessResult
            ),
            (EnableLdapsRequest, EnableLdapsResult),
            (EnableRadiusRequest, EnableRadiusResult),
            (EnableSsoRequest, EnableSsoResult),
            (GetDirectoryLimitsRequest, GetDirectoryLimitsResult),
            (GetSnapshotLimitsRequest, GetSnapshotLimitsResult),
            (ListAdAssessmentsRequest, ListAdAssessmentsResult),
            (ListCertificatesRequest, ListCertificatesResult),
            (ListIpRoutesRequest, ListIpRoutesResult),
            (ListLogSubscriptionsRequest, ListLogSubscriptionsResult),
            (ListSchemaExtensionsRequest, ListSchemaExtensionsResult),
            (ListTagsForResourceRequest, ListTagsForResourceResult),
            (RegisterCertificateRequest, RegisterCertificateResult),
            (RegisterEventTopicRequest, RegisterEventTopicResult),
            (RejectSharedDirectoryRequest, RejectSharedDirectoryResult),
            (RemoveIpRoutesRequest, RemoveIpRoutesResult),
            (RemoveRegionRequest, RemoveRegionResult),
            (RemoveTagsFromResourceRequest, RemoveTagsFromResourceResult),
            (ResetUserPasswordRequest, ResetUserPasswordResult),
            (RestoreFromSnapshotRequest, RestoreFromSnapshotResult),
            (ShareDirectoryRequest, ShareDirectoryResult),
            (StartAdAssessmentRequest, StartAdAssessmentResult),
            (StartSchemaExtensionRequest, StartSchemaExtensionResult),
            (UnshareDirectoryRequest, UnshareDirectoryResult),
            (
                UpdateConditionalForwarderRequest,
                UpdateConditionalForwarderResult
            ),
            (UpdateDirectorySetupRequest, UpdateDirectorySetupResult),
            (UpdateHybridAdRequest, UpdateHybridAdResult),
            (
                UpdateNumberOfDomainControllersRequest,
                UpdateNumberOfDomainControllersResult
            ),
            (UpdateRadiusRequest, UpdateRadiusResult),
            (UpdateSettingsRequest, UpdateSettingsResult),
            (UpdateTrustRequest, UpdateTrustResult),
            (VerifyTrustRequest, VerifyTrustResult),
        );
    };
}
