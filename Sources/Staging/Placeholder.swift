enum StagingPlaceholder {}
