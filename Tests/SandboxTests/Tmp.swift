// temporarily emptied locally to run CommerceLayerAPITests
