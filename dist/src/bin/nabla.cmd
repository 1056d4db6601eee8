@echo off
rem The nabla command: compiles neural-network model files into Java training code and trains them.
rem Needs Java 17 or later: %JAVA_HOME%\bin\java.exe, else java on the PATH.
rem NABLA_JAVA_OPTS: extra JVM options, e.g. -Xmx8g.
setlocal
set "NABLA_HOME=%~dp0.."
if not exist "%NABLA_HOME%\lib\nabla.jar" (
  echo nabla: %NABLA_HOME%\lib\nabla.jar is missing; the installation is incomplete 1>&2
  exit /b 2
)
if defined JAVA_HOME (
  set "NABLA_JAVA=%JAVA_HOME%\bin\java.exe"
) else (
  set "NABLA_JAVA=java.exe"
)
if not defined JAVA_HOME (
  where /q java.exe || (
    echo nabla: Java not found: install Java 17 or later and put it on the PATH, or set JAVA_HOME 1>&2
    exit /b 1
  )
) else if not exist "%NABLA_JAVA%" (
  echo nabla: Java not found in JAVA_HOME=%JAVA_HOME%: install Java 17 or later, or correct JAVA_HOME 1>&2
  exit /b 1
)
rem The Vector API kernels (see "Performance" in README.md). The JVM announces the incubating module with
rem one line on standard error; Windows has no way to set it aside without a pipe, so it stays.
"%NABLA_JAVA%" --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=10000 %NABLA_JAVA_OPTS% -jar "%NABLA_HOME%\lib\nabla.jar" %*
exit /b %ERRORLEVEL%
