// Adds cdktf's matchers (toHaveResource, toHaveResourceWithProperties, ...) to expect. Imported from the Jest adapter
// itself, not from "cdktf", so that a test file that never touches cdktf does not load all of it.
import { setupJest } from "cdktf/lib/testing/adapters/jest";

setupJest();
