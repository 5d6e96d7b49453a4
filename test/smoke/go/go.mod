module cdk8s-windows.invalid/smoke

go 1.26.0

// The library under test: the module jsii-pacmak generated into dist/go.
replace github.com/cdk8s-windows/cdk8s-windows-go/cdk8swindows => ../../../dist/go/cdk8swindows

// The Go module proxy reachable here refuses cdk8s-core-go and cdk8s-plus-go (403 "not available"),
// so run.sh generates both modules with jsii-pacmak from the npm packages of the same versions
// (node_modules/cdk8s, node_modules/cdk8s-plus-27) into ../.work/bindings/go.
replace github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 => ../.work/bindings/go/cdk8s

replace github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2 => ../.work/bindings/go/cdk8splus27

require (
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 v2.70.0
	github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2 v2.9.5
	github.com/cdk8s-windows/cdk8s-windows-go/cdk8swindows v0.0.0-00010101000000-000000000000
)

require (
	github.com/Masterminds/semver/v3 v3.5.0 // indirect
	github.com/aws/constructs-go/constructs/v10 v10.3.0 // indirect
	github.com/fatih/color v1.19.0 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/yuin/goldmark v1.7.16 // indirect
	golang.org/x/lint v0.0.0-20241112194109-818c5a804067 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/telemetry v0.0.0-20261009151841-97e8ea77aa2a // indirect
	golang.org/x/tools v0.52.0 // indirect
	golang.org/x/tools/cmd/godoc v0.1.0-deprecated // indirect
	golang.org/x/tools/godoc v0.1.0-deprecated // indirect
)
