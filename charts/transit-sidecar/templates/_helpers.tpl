{{/* Names: <release>-transit-sidecar, or the release name alone when it already contains the chart's name. */}}
{{- define "transit-sidecar.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 55 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 55 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "transit-sidecar.webhookName" -}}
{{- printf "%s-webhook" (include "transit-sidecar.fullname" .) -}}
{{- end -}}

{{- define "transit-sidecar.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The webhook's pods; the MutatingWebhookConfiguration never sends a pod with app.kubernetes.io/component: transit-sidecar-webhook. */}}
{{- define "transit-sidecar.webhookSelectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: transit-sidecar-webhook
{{- end -}}

{{- define "transit-sidecar.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{- define "transit-sidecar.tlsSecretName" -}}
{{- if eq .Values.certificates.mode "existingSecret" -}}
{{- required "certificates.existingSecret.name is required when certificates.mode is existingSecret" .Values.certificates.existingSecret.name -}}
{{- else -}}
{{- printf "%s-tls" (include "transit-sidecar.webhookName" .) -}}
{{- end -}}
{{- end -}}

{{/*
The JVM options of the webhook container: the same as the image's and the injected sidecar's
(dev.transitsidecar.inject.JvmOptions; ChartRenderTest and DockerfileTest keep the three equal). This is their one
place in the chart.
*/}}
{{- define "transit-sidecar.javaToolOptions" -}}
-XX:+UseSerialGC -Xmx24m -Xss256k -XX:ReservedCodeCacheSize=32m -XX:TrimNativeHeapInterval=1000 -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -XX:ActiveProcessorCount=1 -XX:ErrorFile=/dev/null -XX:-CreateCoredumpOnCrash -XX:+ShowCodeDetailsInExceptionMessages
{{- end -}}
{{- define "transit-sidecar.mallocArenaMax" -}}
2
{{- end -}}

{{/* The restricted Pod Security Standard, with the image's user. */}}
{{- define "transit-sidecar.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The webhook's own pods are never sent to it. */}}
{{- define "transit-sidecar.notTheWebhook" -}}
- key: app.kubernetes.io/component
  operator: NotIn
  values: ["transit-sidecar-webhook"]
{{- end -}}

{{- define "transit-sidecar.notInjectedYet" -}}
- name: not-injected-yet
  expression: "!has(object.metadata.annotations) || !('transit-sidecar.dev/status' in object.metadata.annotations)"
{{- end -}}

{{/* What every entry of the MutatingWebhookConfiguration shares: the webhook, pods on CREATE, the failure policy. */}}
{{- define "transit-sidecar.webhookEntry" -}}
admissionReviewVersions: ["v1"]
sideEffects: None
timeoutSeconds: {{ .Values.webhook.timeoutSeconds }}
failurePolicy: {{ .Values.webhook.failurePolicy }}
reinvocationPolicy: Never
clientConfig:
  service:
    name: {{ include "transit-sidecar.webhookName" . }}
    namespace: {{ .Release.Namespace }}
    path: /mutate
    port: 443
  {{- if eq .Values.certificates.mode "existingSecret" }}
  caBundle: {{ required "certificates.existingSecret.caBundle is required when certificates.mode is existingSecret" .Values.certificates.existingSecret.caBundle }}
  {{- end }}
rules:
  - operations: ["CREATE"]
    apiGroups: [""]
    apiVersions: ["v1"]
    resources: ["pods"]
    scope: Namespaced
{{- end -}}

{{- define "transit-sidecar.rotationName" -}}
{{- printf "%s-rotation" (include "transit-sidecar.fullname" .) -}}
{{- end -}}

{{/* The keystore Secret's namespace: rotation.keystoreSecret.namespace, else the release's. */}}
{{- define "transit-sidecar.rotationSecretNamespace" -}}
{{- .Values.rotation.keystoreSecret.namespace | default .Release.Namespace -}}
{{- end -}}

{{/* Whether the rotation job watches every namespace (rotation.watchNamespaces: ["*"]): then a ClusterRole. */}}
{{- define "transit-sidecar.rotationWatchesAll" -}}
{{- if has "*" .Values.rotation.watchNamespaces -}}true{{- end -}}
{{- end -}}

{{/*
The job's rotation.interlock.namespaces: rotation.watchNamespaces as given (rotate adds K10's namespace itself in K10
mode). Required unless K10 mode names a namespace: without it the job could not ask any sidecar which versions it
still decrypts.
*/}}
{{- define "transit-sidecar.rotationInterlockNamespaces" -}}
{{- if and (empty .Values.rotation.watchNamespaces) (not .Values.rotation.k10.enabled) -}}
{{- fail "rotation.watchNamespaces is required when rotation.enabled is true: the namespaces whose pods carry the sidecar for the key ([\"*\"] for every namespace), which the job asks before it raises min_decryption_version" -}}
{{- end -}}
{{- .Values.rotation.watchNamespaces | join "," -}}
{{- end -}}

{{/* The namespaces whose pods the rotation job may list (its Roles): the watched ones and K10's, each once. */}}
{{- define "transit-sidecar.rotationNamespaces" -}}
{{- $all := .Values.rotation.watchNamespaces -}}
{{- if .Values.rotation.k10.enabled -}}
{{- $all = append $all .Values.rotation.k10.namespace -}}
{{- end -}}
{{- $all | uniq | join "," -}}
{{- end -}}
