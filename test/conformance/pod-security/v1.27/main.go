// Pod Security Admission's own evaluator (k8s.io/pod-security-admission v0.27.16), for
// test/conformance/pod-security.test.ts: reads one JSON line per case ({"level", "version",
// "pod"}) on stdin and prints, per case, the reasons and details of the checks the pod fails.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

type input struct {
	Level   string     `json:"level"`
	Version string     `json:"version"`
	Pod     corev1.Pod `json:"pod"`
}

func main() {
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks())
	if err != nil {
		panic(err)
	}
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<24)
	for scanner.Scan() {
		var in input
		if err := json.Unmarshal(scanner.Bytes(), &in); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		level, _ := api.ParseLevel(in.Level)
		version, _ := api.ParseVersion(in.Version)
		reasons := []string{}
		for _, result := range evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: version}, &in.Pod.ObjectMeta, &in.Pod.Spec) {
			if !result.Allowed {
				reasons = append(reasons, result.ForbiddenReason+": "+result.ForbiddenDetail)
			}
		}
		out, _ := json.Marshal(reasons)
		fmt.Println(string(out))
	}
}
