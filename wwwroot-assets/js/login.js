// Keeps the typed email across a failed sign-in (never the password). A file, not inline: the CSP allows only
// scripts from the portal itself.
(() => {
    const email = document.getElementById("login-email");
    const failed = new URLSearchParams(location.search).has("error");
    const kept = sessionStorage.getItem("faceportal-login-email");
    if (failed && kept && !email.value) {
        email.value = kept;
        document.getElementById("login-password").focus();
    }
    email.form.addEventListener("submit", () => sessionStorage.setItem("faceportal-login-email", email.value));
})();
