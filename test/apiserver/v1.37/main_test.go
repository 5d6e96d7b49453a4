package main

import (
	"testing"

	"github.com/cdk8s-windows/test/apiserver/validator/knownanswers"
)

// The fixtures are shared by both releases; the expectations per release are
// in ../validator/knownanswers.
const testdata = "../testdata"

func TestKnownAnswers(t *testing.T) { knownanswers.Run(t, release, testdata) }

func TestWindowsForbiddenFieldsAreExact(t *testing.T) {
	knownanswers.WindowsForbiddenFieldsAreExact(t, release, testdata)
}

func TestJSONArrayInputAndDuplicateJSONKeys(t *testing.T) {
	knownanswers.JSONArrayInputAndDuplicateJSONKeys(t, release)
}

func TestVersion(t *testing.T) { knownanswers.Version(t, release, "v1.37.2") }
