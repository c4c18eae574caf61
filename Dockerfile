# One build, two images: `--target silo` and `--target api` (docker-compose.yml uses both).

# The web console: typed from the served schema, built once, served by the api at /.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tests/Callaro.Tests/Api/served-schema.approved.graphql /src/tests/Callaro.Tests/Api/
COPY web/ ./
RUN npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first: the package restore stays cached until a project or a package version changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY db/Callaro.Db.csproj db/
COPY grains/Callaro.Contracts/Callaro.Contracts.csproj grains/Callaro.Contracts/
COPY grains/Callaro.Pipeline/Callaro.Pipeline.csproj grains/Callaro.Pipeline/
COPY grains/Callaro.Grains/Callaro.Grains.csproj grains/Callaro.Grains/
COPY silo/Callaro.Silo.csproj silo/
COPY api/Callaro.Api.csproj api/
RUN dotnet restore silo/Callaro.Silo.csproj && dotnet restore api/Callaro.Api.csproj
COPY . .
RUN dotnet publish silo/Callaro.Silo.csproj -c Release --no-restore -o /out/silo \
 && dotnet publish api/Callaro.Api.csproj -c Release --no-restore -o /out/api

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS silo
WORKDIR /app
COPY --from=build /out/silo .
# Framework code JIT-optimised like ours instead of its precompiled ReadyToRun code (see silo/Callaro.Silo.csproj).
ENV DOTNET_ReadyToRun=0
# The image's unprivileged user: a silo writes nothing but its log to the console.
USER app
ENTRYPOINT ["dotnet", "Callaro.Silo.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS api
WORKDIR /app
COPY --from=build /out/api .
# Found beside the api as console/ (Callaro:Console:Path overrides).
COPY --from=web /src/web/dist ./console
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
# Unprivileged; multipart spool files go to the temp folder, which it may write.
USER app
ENTRYPOINT ["dotnet", "Callaro.Api.dll"]
